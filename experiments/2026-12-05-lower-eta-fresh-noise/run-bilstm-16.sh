#!/bin/bash
# The third run of this folder, from the repository root:
#   experiments/2026-12-05-lower-eta-fresh-noise/run-bilstm-16.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/g13/bge-m10-eta13-bilstm-fresh-16). The fresh-noise BiLSTM of run-fresh.sh 13 with its cap
# raised from 8 to 16 epochs. Its 3 000 sentences are the first 3 000 of run-fresh.sh's 20 000 (its first 8 epochs
# repeat that run's to the digit); the inversion MLP is cut to 1 epoch (its rates here are not a result).
set -euo pipefail
export OMP_NUM_THREADS=2 MKL_NUM_THREADS=2
PRIVTUNE_HEAP=${PRIVTUNE_HEAP:-12g} ./privtune experiment --model bge-small-en-v1.5 --split 10 \
  --out "${1:-/tmp/g13/bge-m10-eta13-bilstm-fresh-16}" \
  --mechanisms privtune --eta 13 -P kappa=1 --ablations none --seeds 1 --train-subset 4000 \
  --attacker-sentences 3000 --inversion-epochs 1 --contextual-sentences 3000 --contextual-epochs 16 \
  --contextual-hidden 256 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 \
  --noise-seed 1 --adaptive-fresh-noise --shard 1/2 "${@:2}"
