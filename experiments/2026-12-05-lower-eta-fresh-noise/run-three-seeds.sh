#!/bin/bash
# The first run of this folder, from the repository root (two processes may share OUT):
#   experiments/2026-12-05-lower-eta-fresh-noise/run-three-seeds.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/g13/bge-m10-eta13-14-three-seeds). privtune eta = 13 and 14, kappa = 1 beside none at issue
# 12's goal split (bge-small-en-v1.5, m = 10), three seeds, with every setting of
# experiments/2026-12-04-split-depth/bge-small-m10-three-seeds (its run.sh with SEEDS=3, the 3 000-sentence attacker),
# so that the rows sit beside that folder's eta = 15: what a lower eta costs in accuracy.
# --no-adaptive-fresh-noise: the one-release adaptive attackers this ran with, the default until 09ea2af
set -euo pipefail
export OMP_NUM_THREADS=1
./privtune experiment --model bge-small-en-v1.5 --split 10 --out "${1:-/tmp/g13/bge-m10-eta13-14-three-seeds}" \
  --mechanisms privtune --eta 13,14 -P kappa=1 --ablations none --seeds 3 --train-subset 4000 \
  --attacker-sentences 3000 --inversion-epochs 10 --contextual-sentences 1000 --contextual-epochs 6 \
  --contextual-hidden 128 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 \
  --noise-seed 1 --no-adaptive-fresh-noise "${@:2}"
