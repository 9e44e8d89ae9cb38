#!/usr/bin/env bash
# coll-crossover.sh OUT [--np 4,8] [--rpj 1] [--repeat 2] [--wait-idle 30] [--families LIST] [--max-size 1M]
#                   [--algorithms all|LIST]
#
# Where the flat collective algorithms cross over on this machine: for each family, one job per np and run times
# every algorithm of the family size by size (Osu FAMILY --algorithms all: each forced through the thresholds of
# CollectiveTuning, plus 'default', the thresholds in force), so all algorithms meet the same load. Rows go to
# OUT/results.csv with the algorithm as series; 'bin/colobench report OUT' then writes OUT/summary.md and one chart
# per family (coll-FAMILY.png, the algorithms at the headline np). Families: bcast allreduce allgather alltoall
# gather scatter (reduce and barrier have one algorithm each). The default, one JVM per rank (--rpj 1), is where
# the flat algorithms run whole; with ranks sharing JVMs only the leaders run them. '--rpj 2 --algorithms
# default,flat --families barrier,...' compares the placement-aware versions with every rank running flat.
# Builds nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
OUT="${1:?usage: coll-crossover.sh OUT [--np 4,8] [--rpj 1] [--repeat R] [--wait-idle S] [--families LIST]}"
shift
NPS="4,8"
RPJ=1
REPEAT=2
WAIT_IDLE=30
MAX_SIZE=1M
ALGORITHMS=all
FAMILIES="bcast,allreduce,allgather,alltoall,gather,scatter"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --np) NPS="$2"; shift 2 ;;
        --rpj) RPJ="$2"; shift 2 ;;
        --repeat) REPEAT="$2"; shift 2 ;;
        --wait-idle) WAIT_IDLE="$2"; shift 2 ;;
        --families) FAMILIES="$2"; shift 2 ;;
        --max-size) MAX_SIZE="$2"; shift 2 ;;
        --algorithms) ALGORITHMS="$2"; shift 2 ;;
        *) echo "coll-crossover: unknown argument $1" >&2; exit 2 ;;
    esac
done
CP="$ROOT/bench/target/classes:$(echo "$ROOT"/bench/target/lib/picocli-*.jar):$(echo "$ROOT"/bench/target/lib/HdrHistogram-*.jar)"
mkdir -p "$OUT/logs"
{
    echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "command:  bench/scripts/coll-crossover.sh $OUT --np $NPS --rpj $RPJ --repeat $REPEAT --families $FAMILIES --algorithms $ALGORITHMS"
    echo "commit:   $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo ' (modified tree)')"
    echo "nproc:    $(nproc)"
    echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at start)"
} > "$OUT/machine.txt"
# wait up to WAIT_IDLE seconds for one second with the CPUs >= 90% idle; echo the conditions
conditions() {
    local waited=0 idle a b t i
    while :; do
        read -r -a a < <(grep '^cpu ' /proc/stat); sleep 1; read -r -a b < <(grep '^cpu ' /proc/stat)
        t=0; for (( i = 1; i < ${#a[@]}; i++ )); do t=$(( t + b[i] - a[i] )); done
        idle=$(( t > 0 ? 100 * (b[4] + b[5] - a[4] - a[5]) / t : 100 ))
        (( idle >= 90 || waited >= WAIT_IDLE )) && break
        waited=$((waited + 1))
    done
    echo "# conditions: load $(cut -d' ' -f1-3 /proc/loadavg), idle ${idle}% (waited ${waited} s)"
}
IFS=',' read -r -a NP_LIST <<< "$NPS"
IFS=',' read -r -a FAMILY_LIST <<< "$FAMILIES"
for family in "${FAMILY_LIST[@]}"; do
    for np in "${NP_LIST[@]}"; do
        for (( run = 1; run <= REPEAT; run++ )); do
            log="$OUT/logs/$family-np$np-run$run.txt"
            echo "== $family np=$np (run $run/$REPEAT)" >&2
            conditions > "$log"
            timeout 1800 "$ROOT/bin/colorun" -np "$np" --ranks-per-jvm "$RPJ" --no-tag --timeout 1700 -cp "$CP" \
                io.colompi.bench.Osu "$family" --algorithms "$ALGORITHMS" -M "$MAX_SIZE" --csv "$OUT/results.csv" >> "$log" 2>&1 ||
                echo "coll-crossover: FAILED $family np=$np (see $log)" >&2
        done
    done
done
echo "end load: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
"$ROOT/bin/colobench" report "$OUT"
