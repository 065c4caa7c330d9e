#!/bin/bash
# The first run of this folder, from the repository root:
#   cp -a /tmp/g13/bge-m10-eta13-six-seeds /tmp/g11/bge-m10-eta11-12-three-seeds   # ../2026-12-05-lower-eta-fresh-noise/run-six-seeds.sh's folder
#   experiments/2026-12-05-below-eta-13/run-three-seeds.sh [OUT] [EXTRA_FLAGS...]
# privtune eta = 11 and 12, kappa = 1, label-free, and eta = 11 with prediction-consistent targets (consistent-share
# = 0.25, which reads the training labels), three seeds, beside none and eta = 13 (seeds 0-2 read from the copied
# folder, whose settings are the same), in two processes of one thread each on OUT (default
# /tmp/g11/bge-m10-eta11-12-three-seeds): what the noise that the fresh-noise BiLSTM asks for costs in accuracy at
# issue 12's goal split (bge-small-en-v1.5, m = 10). Eta = 12 was added to the folder after the other cells had run
# (their first start wrote /tmp/g11/bge-m10-eta11-three-seeds, renamed to the default OUT before the second).
# --no-adaptive-fresh-noise: the one-release adaptive attackers this ran with, the default until 09ea2af
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out="${1:-/tmp/g11/bge-m10-eta11-12-three-seeds}"
run() {
  ./privtune experiment --model bge-small-en-v1.5 --split 10 --out "$out" \
    --mechanisms privtune --eta 11,12,13 -P kappa=1 --cell privtune:eta=11,kappa=1,consistent-share=0.25 \
    --ablations none --seeds 3 --train-subset 4000 \
    --attacker-sentences 3000 --inversion-epochs 10 --contextual-sentences 1000 --contextual-epochs 6 \
    --contextual-hidden 128 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 \
    --noise-seed 1 --no-adaptive-fresh-noise "$@"
}
run --shard 0/2 "${@:2}" & first=$!
sleep 30 # the second process starts after the first has built the CLI, if it had to
run --shard 1/2 "${@:2}"
wait "$first"
run --report-only "${@:2}"
