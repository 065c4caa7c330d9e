#!/bin/bash
# The split-depth runs of this folder: one experiment folder per split point m. Run from the repository root:
#   experiments/2026-12-04-split-depth/run.sh M [OUT_ROOT]          one seed (m = 1 and 3 here)
#   SEEDS=3 experiments/2026-12-04-split-depth/run.sh 4 [OUT_ROOT]  three seeds (m = 4 here); two processes may share
# m = 2 is experiments/2026-12-04-consistent-targets (the same four cells, settings and seeds).
set -euo pipefail
export OMP_NUM_THREADS=1
./privtune experiment --split "$1" --out "${2:-/tmp/depth}/m$1" --mechanisms dchi --eta 10 --ablations none \
 --cell privtune:eta=30,kappa=1 --cell privtune:eta=22,kappa=1,consistent-share=0.25 \
 --seeds "${SEEDS:-1}" --train-subset 4000 --attacker-sentences 3000 --inversion-epochs 10 \
 --contextual-sentences 1000 --contextual-epochs 6 --contextual-hidden 128 \
 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 --noise-seed 1
