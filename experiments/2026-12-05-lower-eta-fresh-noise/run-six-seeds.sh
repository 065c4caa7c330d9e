#!/bin/bash
# The fifth run of this folder, from the repository root:
#   cp -a /tmp/g13/bge-m10-eta13-14-three-seeds /tmp/g13/bge-m10-eta13-six-seeds   # run-three-seeds.sh's folder
#   experiments/2026-12-05-lower-eta-fresh-noise/run-six-seeds.sh [OUT] [EXTRA_FLAGS...]
# extends run-three-seeds.sh's none and eta = 13 cells from three seeds to six (seeds 3, 4 and 5 are computed; 0-2 are
# read from the copied folder, whose settings are the same), in two processes of one thread each on OUT (default
# /tmp/g13/bge-m10-eta13-six-seeds): the accuracy margin of issue 12's first Must-show with twice the seeds.
# --no-adaptive-fresh-noise: the one-release adaptive attackers this ran with, the default until 09ea2af
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out="${1:-/tmp/g13/bge-m10-eta13-six-seeds}"
run() {
  ./privtune experiment --model bge-small-en-v1.5 --split 10 --out "$out" \
    --mechanisms privtune --eta 13 -P kappa=1 --ablations none --seeds 6 --train-subset 4000 \
    --attacker-sentences 3000 --inversion-epochs 10 --contextual-sentences 1000 --contextual-epochs 6 \
    --contextual-hidden 128 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 \
    --noise-seed 1 --no-adaptive-fresh-noise "$@"
}
run --shard 0/2 "${@:2}" & first=$!
sleep 30 # the second process starts after the first has built the CLI, if it had to
run --shard 1/2 "${@:2}"
wait "$first"
run --report-only "${@:2}"
