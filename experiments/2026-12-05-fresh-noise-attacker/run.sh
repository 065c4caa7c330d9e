#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-05-fresh-noise-attacker/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/fresh/bge-m10-attacker-20k-fresh); the same command with --report-only rebuilds the report.
# Issue 12's goal point (bge-small-en-v1.5 split at m = 10, privtune eta = 15, kappa = 1, seed 0) against the adaptive
# inversion MLP trained on a fresh noise release of its text every epoch (--adaptive-fresh-noise), with every other
# setting of experiments/2026-12-04-split-depth/bge-small-m10-attacker-20k (20 000 attacker sentences, the same
# research noise seed, so the victim's fine-tuning and uploads are that run's): only the adaptive attacker's noise
# draws change. --shard 1/2 takes the privtune cell first; its adaptive inverter logs its victim rates when trained.
set -euo pipefail
export OMP_NUM_THREADS=2 MKL_NUM_THREADS=2
out=${1:-/tmp/fresh/bge-m10-attacker-20k-fresh}
PRIVTUNE_HEAP=${PRIVTUNE_HEAP:-12g} ./privtune experiment --model bge-small-en-v1.5 --split 10 --out "$out" \
  --mechanisms privtune --eta 15 -P kappa=1 --ablations none --seeds 1 --train-subset 4000 --attacker-sentences 20000 \
  --inversion-epochs 15 --contextual-sentences 3000 --contextual-epochs 8 --contextual-hidden 256 \
  --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 --noise-seed 1 \
  --adaptive-fresh-noise --shard 1/2 "${@:2}"
