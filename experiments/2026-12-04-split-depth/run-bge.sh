#!/bin/bash
# bge-small-en-v1.5 (12 layers) split at m = 4, the same four cells, seed 0 (bge-small-m4/). From the repository root:
#   experiments/2026-12-04-split-depth/run-bge.sh [OUT_ROOT]; two processes may share the folder.
set -euo pipefail
export OMP_NUM_THREADS=1
./privtune experiment --model bge-small-en-v1.5 --split 4 --out "${1:-/tmp/depth}/bge-m4" --mechanisms dchi --eta 10 --ablations none \
 --cell privtune:eta=30,kappa=1 --cell privtune:eta=22,kappa=1,consistent-share=0.25 \
 --seeds 1 --train-subset 4000 --attacker-sentences 3000 --inversion-epochs 10 \
 --contextual-sentences 1000 --contextual-epochs 6 --contextual-hidden 128 \
 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 --noise-seed 1
