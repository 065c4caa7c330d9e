#!/bin/bash
# The first run of this folder, from the repository root:
#   experiments/2026-12-06-finetune-budget-at-goal-split/run-three-seeds-20k.sh [OUT] [EXTRA_FLAGS...]
# (SEEDS=N runs N seeds instead of three, as run-six-seeds-20k.sh does)
# none and label-free privtune eta = 11, kappa = 1 at issue 12's goal split (bge-small-en-v1.5, m = 10), fine-tuned on
# 20 000 SST-2 sentences instead of 4 000, three seeds, in two processes of one thread each on OUT (default
# /tmp/g20/bge-m10-eta11-20k-three-seeds): does a five times larger fine-tuning budget shrink what the noise that the
# fresh-noise BiLSTM asks for costs in accuracy? Every other setting is ../2026-12-05-below-eta-13/run-three-seeds.sh's,
# except that the adaptive attackers draw fresh noise every epoch (the default since 2026-12-05).
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out="${1:-/tmp/g20/bge-m10-eta11-20k-three-seeds}"
args=(experiment --model bge-small-en-v1.5 --split 10 --out "$out"
  --mechanisms privtune --eta 11 -P kappa=1 --ablations none --seeds "${SEEDS:-3}" --train-subset 20000
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
