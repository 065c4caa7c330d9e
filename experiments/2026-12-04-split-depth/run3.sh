#!/bin/bash
# m = 3 with three seeds for `none` and η = 22, ρ = 0.25 only (the -P form names the same cell as --cell).
# Run from the repository root: experiments/2026-12-04-split-depth/run3.sh [OUT_ROOT]; two processes may share.
set -euo pipefail
export OMP_NUM_THREADS=1
./privtune experiment --split 3 --out "${1:-/tmp/depth}/m3-three-seeds" --mechanisms privtune --eta 22 -P kappa=1 -P consistent-share=0.25 --ablations none \
 --seeds 3 --train-subset 4000 --attacker-sentences 3000 --inversion-epochs 10 \
 --contextual-sentences 1000 --contextual-epochs 6 --contextual-hidden 128 \
 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 --noise-seed 1
