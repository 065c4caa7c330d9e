#!/bin/bash
# The second run of this folder, from the repository root:
#   experiments/2026-12-05-lower-eta-fresh-noise/run-fresh.sh ETA [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/g13/bge-m10-eta<ETA>-attacker-20k-fresh). privtune at ETA, kappa = 1, seed 0, against the
# fresh-noise attacker of ../2026-12-05-fresh-noise-attacker/run.sh (20 000 attacker sentences, the inversion MLP up to
# 15 epochs and the BiLSTM up to 8, each on a fresh release of its text every epoch), every other setting as there.
# --shard 1/2 takes the privtune cell first; its adaptive models log their victim rates when trained.
set -euo pipefail
export OMP_NUM_THREADS=2 MKL_NUM_THREADS=2
eta=$1
out=${2:-/tmp/g13/bge-m10-eta$eta-attacker-20k-fresh}
PRIVTUNE_HEAP=${PRIVTUNE_HEAP:-12g} ./privtune experiment --model bge-small-en-v1.5 --split 10 --out "$out" \
  --mechanisms privtune --eta "$eta" -P kappa=1 --ablations none --seeds 1 --train-subset 4000 \
  --attacker-sentences 20000 --inversion-epochs 15 --contextual-sentences 3000 --contextual-epochs 8 \
  --contextual-hidden 256 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 \
  --noise-seed 1 --adaptive-fresh-noise --shard 1/2 "${@:3}"
