#!/bin/bash
# Runs one PART of run.sh as two one-thread processes on a 2-core machine, the noisy cells only:
#   experiments/2026-12-06-matched-range-attack-seeds/two-shards.sh PART RUNS SECOND [OUT]
# RUNS is the grid's run count (cells x 3 seeds). The processes take shards RUNS-1 and SECOND (one run each), then
# steal unclaimed runs from the end of the grid (Shard.java), so they walk down to the `none` runs at 0-2, which were
# computed earlier (../2026-12-06-matched-range-low-end/); a process that starts one is stopped here. Logs:
# OUT/log-PART-{a,b}.txt. Run here as `two-shards.sh baselines 18 3`, then `two-shards.sh privtune 18 16`, then
# `two-shards.sh label-free 15 13`.
# Since 6711d4b the experiment does this itself: `--reference EARLIER` takes the `none` runs from an earlier folder
# of the same settings and seeds (README, scale-out), so no process needs stopping.
set -uo pipefail
part=$1 runs=$2 second=$3 out=${4:-/tmp/ms5/attack-seeds}
here=$(dirname "$0")
mkdir -p "$out"
pids=()
for s in a b; do
  shard=$([ $s = a ] && echo $((runs - 1)) || echo "$second")
  setsid "$here/run.sh" "$part" "$out" --shard "$shard/$runs" > "$out/log-$part-$s.txt" 2>&1 &
  pids+=($!)
done
while :; do
  alive=0
  for i in 0 1; do
    pid=${pids[$i]} log=$out/log-$part-$([ $i = 0 ] && echo a || echo b).txt
    kill -0 "$pid" 2>/dev/null || continue
    alive=1
    if grep -aq "cell [0-9]*/[0-9]*: none " "$log"; then
      echo "$(date -u +%T) stopping $log's process: it reached a none run" >&2
      kill -- -"$pid"
    fi
  done
  [ $alive = 1 ] || break
  sleep 15
done
echo "$(date -u +%T) both processes ended" >&2
