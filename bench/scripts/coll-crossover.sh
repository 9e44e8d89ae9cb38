#!/usr/bin/env bash
# coll-crossover.sh OUT [--np 4,8] [--placement jvm-per-rank] [--repeat 2] [--wait-idle 30] [--families LIST]
#
# Where the flat collective algorithms cross over on this machine: each algorithm of each family forced through the
# thresholds of CollectiveTuning (-Dcolompi.coll.*), swept over 8 B .. 1 MiB with bin/colobench (one run directory
# per algorithm under OUT), then all rows merged into OUT/crossover.csv with the series named after the algorithm,
# and OUT/summary.md + charts (coll-FAMILY.png: one dashed line per algorithm at the headline np) written by
# 'bin/colobench report'. Families: bcast allreduce allgather alltoall gather scatter (reduce and barrier have one
# algorithm each). The default placement, one JVM per rank, is where the flat algorithms run whole; with ranks
# sharing JVMs only the leaders run them.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
OUT="${1:?usage: coll-crossover.sh OUT [--np 4,8] [--placement P] [--repeat R] [--wait-idle S] [--families LIST]}"
shift
NPS="4,8"
PLACEMENT="jvm-per-rank"
REPEAT=2
WAIT_IDLE=30
FAMILIES="bcast,allreduce,allgather,alltoall,gather,scatter"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --np) NPS="$2"; shift 2 ;;
        --placement) PLACEMENT="$2"; shift 2 ;;
        --repeat) REPEAT="$2"; shift 2 ;;
        --wait-idle) WAIT_IDLE="$2"; shift 2 ;;
        --families) FAMILIES="$2"; shift 2 ;;
        *) echo "coll-crossover: unknown argument $1" >&2; exit 2 ;;
    esac
done
MAX=2147483647
P=-J-Dcolompi.coll.
# family:algorithm:JVM options forcing it (see Collectives and CollectiveTuning for the selection rules)
CONFIGS=(
    "bcast:binomial:${P}bcast.shortBytes=$MAX"
    "bcast:scatter-allgather:${P}bcast.shortBytes=0 ${P}bcast.minProcs=0"
    "allreduce:recursive-doubling:${P}allreduce.shortBytes=$MAX"
    "allreduce:rabenseifner:${P}allreduce.shortBytes=-1 ${P}allreduce.ringBytes=$MAX"
    "allreduce:ring:${P}allreduce.shortBytes=-1 ${P}allreduce.ringBytes=0 ${P}allreduce.ringMinProcs=0"
    "allgather:recursive-doubling:${P}allgather.longBytes=$MAX"
    "allgather:bruck:${P}allgather.longBytes=0 ${P}allgather.shortBytes=$MAX"
    "allgather:ring:${P}allgather.longBytes=0 ${P}allgather.shortBytes=0"
    "alltoall:bruck:${P}alltoall.minProcs=0 ${P}alltoall.shortBytes=$MAX"
    "alltoall:pairwise:${P}alltoall.shortBytes=-1"
    "gather:binomial:${P}gather.shortBytes=$MAX"
    "gather:linear:${P}gather.shortBytes=0"
    "scatter:binomial:${P}scatter.shortBytes=$MAX"
    "scatter:linear:${P}scatter.shortBytes=0"
)
mkdir -p "$OUT"
MERGED="$OUT/crossover.csv"
rm -f "$MERGED"
for config in "${CONFIGS[@]}"; do
    IFS=':' read -r family algorithm options <<< "$config"
    [[ ",$FAMILIES," == *",$family,"* ]] || continue
    dir="$OUT/$family-$algorithm"
    read -r -a opts <<< "$options"
    echo "== $family $algorithm: ${opts[*]}" >&2
    "$ROOT/bin/colobench" --out "$dir" --only collectives --placements "$PLACEMENT" --np "$NPS" \
        --collectives "$family" --repeat "$REPEAT" --wait-idle "$WAIT_IDLE" --no-openmpi "${opts[@]}" > "$dir.log" 2>&1 ||
        echo "coll-crossover: $family $algorithm failed (see $dir.log)" >&2
    # the series becomes the algorithm's name
    awk -F, -v OFS=, -v alg="$algorithm" 'NR == 1 { if (!header) print; next } $2 == "colompi" { $2 = alg; print }' \
        header="$( [[ -s "$MERGED" ]] && echo 1 || echo "" )" "$dir/results.csv" >> "$MERGED"
done
cp "$(ls -d "$OUT"/*/ | head -1)machine.txt" "$OUT/machine.txt" 2>/dev/null || true
"$ROOT/bin/colobench" report "$OUT" "$MERGED"
