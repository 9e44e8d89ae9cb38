# Sourced by the colompi scripts: where the jars are and which java runs them. Works from a built checkout
# (the jars under */target/) and from an unpacked colompi-<version>-bin.tar.gz (lib/, anywhere, moved or not):
# everything is found relative to this file, and no version is named.
# Sets COLOMPI_HOME, COLOMPI_JAVA, COLOMPI_JAVAC, COLOMPI_API_JAR, COLOMPI_MANAGER_JAR, COLOMPI_LIB,
# COLOMPI_CLASSPATH, COLOMPI_TRACE_JAR, COLOMPI_TRACE_LIB, COLOMPI_JVM_OPTIONS, COLOMPI_RANK_JVM_OPTIONS,
# COLOMPI_LAUNCHED_JVM_OPTIONS, COLOMPI_YOUNG_MIB_PER_RANK, COLOMPI_BENCH_CLASSES, COLOMPI_BENCH_LIB,
# COLOMPI_EXAMPLES, COLOMPI_BENCH_C;
# defines colompi_require, colompi_require_runtime and colompi_chronicle_options.

COLOMPI_HOME="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"

# colompi_jar PATTERN: the first jar matching PATTERN that is not a tests/sources/javadoc jar; else PATTERN itself
# (so that colompi_require names what is missing).
colompi_jar() {
    local jar
    while IFS= read -r jar; do
        case "$jar" in
            *-tests.jar|*-sources.jar|*-javadoc.jar) ;;
            *) [[ -f "$jar" ]] && { echo "$jar"; return; } ;;
        esac
    done < <(compgen -G "$1")
    echo "$1"
}

if [[ -d "$COLOMPI_HOME/colocation-manager" ]]; then
    # A checkout (or colobench's snapshot of one): what 'mvn package' built.
    COLOMPI_API_JAR="$(colompi_jar "$COLOMPI_HOME/mpi-api/target/mpi-api-*.jar")"
    COLOMPI_MANAGER_JAR="$(colompi_jar "$COLOMPI_HOME/colocation-manager/target/colocation-manager-*.jar")"
    COLOMPI_LIB="$COLOMPI_HOME/colocation-manager/target/lib"
    COLOMPI_BENCH_CLASSES="$COLOMPI_HOME/bench/target/classes"
    COLOMPI_BENCH_LIB="$COLOMPI_HOME/bench/target/lib"
    COLOMPI_EXAMPLES="$COLOMPI_HOME/examples/target/classes"
    COLOMPI_BENCH_C="$COLOMPI_HOME/bench/src/main/c"
    # The trace journal (colorun --trace) and colotrace: the trace module and what it adds (Chronicle Queue, XChart).
    COLOMPI_TRACE_JAR="$(colompi_jar "$COLOMPI_HOME/trace/target/trace-*.jar")"
    COLOMPI_TRACE_LIB="$COLOMPI_HOME/trace/target/lib"
else
    # An installed distribution: bin/, lib/ (lib/bench/: what only colobench needs), examples/.
    COLOMPI_API_JAR="$(colompi_jar "$COLOMPI_HOME/lib/mpi-api-*.jar")"
    COLOMPI_MANAGER_JAR="$(colompi_jar "$COLOMPI_HOME/lib/colocation-manager-*.jar")"
    COLOMPI_LIB="$COLOMPI_HOME/lib"
    COLOMPI_BENCH_CLASSES="$(colompi_jar "$COLOMPI_HOME/lib/bench/bench-*.jar")"
    COLOMPI_BENCH_LIB="$COLOMPI_HOME/lib/bench"
    COLOMPI_EXAMPLES="$(colompi_jar "$COLOMPI_HOME/examples/examples-*.jar")"
    COLOMPI_BENCH_C="$COLOMPI_HOME/examples/c"
    COLOMPI_TRACE_JAR="$(colompi_jar "$COLOMPI_HOME/lib/trace/trace-*.jar")"
    COLOMPI_TRACE_LIB="$COLOMPI_HOME/lib/trace"
fi
COLOMPI_CLASSPATH="$COLOMPI_MANAGER_JAR:$COLOMPI_LIB/*:$COLOMPI_API_JAR:$COLOMPI_TRACE_JAR:$COLOMPI_TRACE_LIB/*"
# Agrona's UnsafeApi needs jdk.internal.misc on every JVM that touches it (Java 17 and 25).
COLOMPI_JVM_OPTIONS=(--add-exports java.base/jdk.internal.misc=ALL-UNNAMED)
# The launcher's JVM (colorun, mpjrun.sh) compiles with C1 alone: it parses, starts the rank hosts and pumps their
# output, on the cores those hosts start on, and C2's compiles of its start-up code took CPU from them (whole run of a
# rank alone 1.01 -> 0.92 s, of four JVMs 2.35 -> 2.29 s; 400 000 lines of output no slower; bench/RESULTS.md).
COLOMPI_LAUNCHER_JVM_OPTIONS=("${COLOMPI_JVM_OPTIONS[@]}" -XX:TieredStopAtLevel=1)
# A rank JVM's defaults, which its -J options override: JitOptions.EVERY_HOST (why: there; colojava does not know
# whether its node is oversubscribed, so it does not add JitOptions.OVERSUBSCRIBED). colojava adds HeapOptions' young
# generation for its ranks.
COLOMPI_RANK_JVM_OPTIONS=(-XX:FreqInlineSize=100 -XX:CompileCommand=quiet
    -XX:CompileCommand=dontinline,mpi.Comm::blockingRecv -XX:CompileCommand=dontinline,mpi.Comm::blockingSendrecv)
# A JVM that MPICH's Hydra starts reads its PMI socket (PMI_FD) through a FileDescriptor: HydraPmi.OPEN_JAVA_IO.
COLOMPI_LAUNCHED_JVM_OPTIONS=(--add-opens java.base/java.io=ALL-UNNAMED)
# HeapOptions.YOUNG_MIB_PER_RANK
COLOMPI_YOUNG_MIB_PER_RANK=32

if [[ -n "${JAVA_HOME:-}" ]]; then
    COLOMPI_JAVA="$JAVA_HOME/bin/java"
    COLOMPI_JAVAC="$JAVA_HOME/bin/javac"
else
    COLOMPI_JAVA="java"
    COLOMPI_JAVAC="javac"
fi

# colompi_require FILE-OR-GLOB...: exit 2, saying how to build, unless each one exists.
colompi_require() {
    local missing=() wanted
    for wanted in "$@"; do
        compgen -G "$wanted" > /dev/null || missing+=("$wanted")
    done
    if (( ${#missing[@]} > 0 )); then
        echo "colompi: not built yet, missing: ${missing[*]}" >&2
        echo "colompi: run 'mvn -q -DskipTests package' in $COLOMPI_HOME first" >&2
        exit 2
    fi
}

# colompi_require_runtime: the launcher jar, its copied dependencies (the shm and aeron transports among them: rank
# hosts find them with ServiceLoader) and the mpi API.
colompi_require_runtime() {
    colompi_require "$COLOMPI_MANAGER_JAR" "$COLOMPI_LIB/mpi-core-*.jar" "$COLOMPI_LIB/transport-shm-*.jar" \
        "$COLOMPI_LIB/transport-rdma-*.jar" "$COLOMPI_LIB/aeron-client-*.jar" "$COLOMPI_LIB/aeron-driver-*.jar" \
        "$COLOMPI_LIB/agrona-*.jar" "$COLOMPI_LIB/picocli-*.jar" "$COLOMPI_API_JAR"
}

# colompi_chronicle_options: sets COLOMPI_CHRONICLE_OPTIONS, what a JVM that opens Chronicle Queue journals needs on
# COLOMPI_JAVA (../shared/notes/raw-limits.md, section 5; the rank JVMs get the same from colorun's TraceOptions).
colompi_chronicle_options() {
    COLOMPI_CHRONICLE_OPTIONS=(--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
        --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
        --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
        --add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
        --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
        --add-opens=java.base/java.util=ALL-UNNAMED -Dchronicle.analytics.disable=true)
    local feature
    feature="$("$COLOMPI_JAVA" -XshowSettings:properties -version 2>&1 | awk '/java.specification.version/ {print $3}')"
    if (( ${feature%%.*} >= 23 )); then
        COLOMPI_CHRONICLE_OPTIONS+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
    fi
}
