#!/bin/bash
# The third run of this folder, from the repository root:
#   cp -a /tmp/g20/bge-m10-eta11-20k-three-seeds /tmp/g20/bge-m10-eta11-20k-six-seeds   # run-three-seeds-20k.sh's folder
#   experiments/2026-12-06-finetune-budget-at-goal-split/run-six-seeds-20k.sh [OUT] [EXTRA_FLAGS...]
# extends run-three-seeds-20k.sh's none and eta = 11 cells from three seeds to six (seeds 3, 4 and 5 are computed; 0-2
# are read from the copied folder, whose fine-tuning and mechanism settings are the same), in two processes of one thread each on OUT (default
# /tmp/g20/bge-m10-eta11-20k-six-seeds): the accuracy margin with twice the seeds. Seeds 3-5's attackers draw from the
# SST-2 text outside all six samples.
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out="${1:-/tmp/g20/bge-m10-eta11-20k-six-seeds}"
args=(experiment --model bge-small-en-v1.5 --split 10 --out "$out"
  --mechanisms privtune --eta 11 -P kappa=1 --ablations none --seeds 6 --train-subset 20000
  --attacker-sentences 3000 --inversion-epochs 10 --contextual-sentences 1000 --contextual-epochs 6
  --contextual-hidden 128 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50
  --noise-seed 1 "${@:2}")
# the launcher execs java, so $first is the first process itself: a failed second process (or the end of the script
# on any error) stops it too; a failed first process is seen when the second has finished
./privtune "${args[@]}" --shard 0/2 & first=$!
trap 'kill "$first" 2> /dev/null || true' EXIT
sleep 30 # the second process starts after the first has built the CLI, if it had to
./privtune "${args[@]}" --shard 1/2
wait "$first"
trap - EXIT
./privtune "${args[@]}" --report-only
