#!/bin/bash
# The third run of this folder, from the repository root:
#   cp -a /tmp/g11/bge-m10-eta11-12-three-seeds /tmp/g11/bge-m10-eta12-six-seeds   # run-three-seeds.sh's folder
#   experiments/2026-12-05-below-eta-13/run-six-seeds.sh [OUT] [EXTRA_FLAGS...]
# extends run-three-seeds.sh's eta = 12 cell from three seeds to six (seeds 3, 4 and 5 are computed; none's and
# eta = 13's six seeds and eta = 12's seeds 0-2 are read from the copied folder, whose settings are the same), in one
# process of one thread on OUT (default /tmp/g11/bge-m10-eta12-six-seeds), so that eta = 12 and eta = 13 compare on
# the same six seeds as ../2026-12-05-lower-eta-fresh-noise/run-six-seeds.sh.
# --no-adaptive-fresh-noise: the one-release adaptive attackers of the copied folder
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out="${1:-/tmp/g11/bge-m10-eta12-six-seeds}"
./privtune experiment --model bge-small-en-v1.5 --split 10 --out "$out" \
  --mechanisms privtune --eta 12,13 -P kappa=1 --ablations none --seeds 6 --train-subset 4000 \
  --attacker-sentences 3000 --inversion-epochs 10 --contextual-sentences 1000 --contextual-epochs 6 \
  --contextual-hidden 128 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 \
  --noise-seed 1 --no-adaptive-fresh-noise "${@:2}"
