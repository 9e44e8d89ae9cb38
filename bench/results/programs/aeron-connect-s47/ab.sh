#!/bin/bash
# A/B: base (a worktree of 250205a at /tmp/s47/base) vs new (99b5990 at /work/main), alternating, $1 rounds.
# Output lines: round, build, run, then program time (s) and whole run (ms); halo2: MPI steady, MPI all (us), whole (ms).
J() { local s=$(date +%s%N); local r=$("$1"/bin/colorun --no-tag -np $2 --ranks-per-jvm $3 --virtual-nodes 2 -cp "$1"/examples/target/classes io.colompi.examples.Jacobi $4 $5 2>&1 | grep -o "[0-9.]* s$" | tr -d ' s'); local e=$(date +%s%N); echo "$r $(( (e-s)/1000000 ))"; }
H() { local s=$(date +%s%N); local r=$("$1"/bin/colorun --no-tag -np 2 --ranks-per-jvm 1 --virtual-nodes 2 -cp "$1"/bench/target/classes io.colompi.bench.Halo 20000 2>&1 | grep -o "mpi steady [0-9.]* us\|mpi all [0-9.]* us" | awk '{print $3}' | tr '\n' ' '); local e=$(date +%s%N); echo "$r$(( (e-s)/1000000 ))"; }
O() { local s=$(date +%s%N); local r=$(mpirun.openmpi --allow-run-as-root --oversubscribe -np 4 --mca btl tcp,self --mca btl_tcp_if_include lo /tmp/s47/jacobi $1 $2 2>&1 | grep -o '[0-9.]* s$' | tr -d ' s'); local e=$(date +%s%N); echo "$r $(( (e-s)/1000000 ))"; }
for round in $(seq 1 $1); do
  if (( round % 2 )); then order="base new"; else order="new base"; fi
  for who in $order; do
    d=/tmp/s47/base; [ $who = new ] && d=/work/main
    echo "$round $who jacobi4-256 $(J $d 4 1 256 2000)"
    echo "$round $who jacobi4-64 $(J $d 4 1 64 10000)"
    echo "$round $who readme8 $(J $d 8 2 64 200)"
    echo "$round $who halo2 $(H $d)"
  done
  echo "$round ompi-tcp jacobi4-256 $(O 256 2000)"
  echo "$round ompi-tcp jacobi4-64 $(O 64 10000)"
done
