#!/usr/bin/env bash
# mpjrun.sh [-np N] [-dev multicore|niodev|hybdev] [-machinesfile F] [-cp CP] [-wdir DIR] [JVM options] MainClass [args...]
# multicore: all ranks in one JVM; niodev: a JVM per rank; hybdev: a JVM per node (the hosts of -machinesfile, via ssh).
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/colompi-env.sh"
colompi_require_runtime
exec "$COLOMPI_JAVA" "${COLOMPI_LAUNCHER_JVM_OPTIONS[@]}" \
    -Dcolompi.api.path="$COLOMPI_API_JAR" -cp "$COLOMPI_CLASSPATH" io.colompi.colo.MpjRun "$@"
