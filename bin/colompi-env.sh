# Sourced by the colompi scripts: where the built jars are and which java runs them.
# Sets COLOMPI_HOME, COLOMPI_JAVA, COLOMPI_JAVAC, COLOMPI_API_JAR, COLOMPI_CLASSPATH; defines colompi_require.

COLOMPI_HOME="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
COLOMPI_API_JAR="$COLOMPI_HOME/mpi-api/target/mpi-api-0.1.0-SNAPSHOT.jar"
COLOMPI_MANAGER_JAR="$COLOMPI_HOME/colocation-manager/target/colocation-manager-0.1.0-SNAPSHOT.jar"
COLOMPI_LIB="$COLOMPI_HOME/colocation-manager/target/lib"
# The trace journal (colorun --trace) and colotrace: the trace module and what it adds (Chronicle Queue, XChart).
COLOMPI_TRACE_JAR="$COLOMPI_HOME/trace/target/trace-0.1.0-SNAPSHOT.jar"
COLOMPI_TRACE_LIB="$COLOMPI_HOME/trace/target/lib"
COLOMPI_CLASSPATH="$COLOMPI_MANAGER_JAR:$COLOMPI_LIB/*:$COLOMPI_API_JAR:$COLOMPI_TRACE_JAR:$COLOMPI_TRACE_LIB/*"

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
