#!/bin/bash
# m = 3 with three seeds (m3-three-seeds/), from the repository root: experiments/2026-12-04-split-depth/run3.sh [OUT_ROOT];
# two processes may share the folder. Here `none` and η = 22, ρ = 0.25 ran first, as
#   --mechanisms privtune --eta 22 -P kappa=1 -P consistent-share=0.25 (the same cells as the --cell form below),
# then this command, twice at once, added dχ η = 10 and the defaults to the same folder.
set -euo pipefail
export OMP_NUM_THREADS=1
./privtune experiment --split 3 --out "${1:-/tmp/depth}/m3-three-seeds" --mechanisms dchi --eta 10 --ablations none \
 --cell privtune:eta=30,kappa=1 --cell privtune:eta=22,kappa=1,consistent-share=0.25 \
 --seeds 3 --train-subset 4000 --attacker-sentences 3000 --inversion-epochs 10 \
 --contextual-sentences 1000 --contextual-epochs 6 --contextual-hidden 128 \
 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 --noise-seed 1
