#!/bin/bash
# The fourth run of this folder, from the repository root:
#   experiments/2026-12-05-lower-eta-fresh-noise/run-bilstm-20k.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/g13/bge-m10-eta13-bilstm-fresh-20k). The fresh-noise BiLSTM of run-bilstm-16.sh on the
# 20 000 attacker sentences the fresh-noise MLP of run-fresh.sh 13 read, with the same 16-epoch cap. The inversion MLP
# and both naive models (--naive-epochs) are cut to 1 epoch: their rates here are not a result. --shard 1/2 makes the
# one process take the privtune cell first; stop it when it reaches the none cell (the 20 000-sentence runs of
# ../2026-12-04-split-depth/ measured none) and join with --report-only --partial.
set -euo pipefail
export OMP_NUM_THREADS=2 MKL_NUM_THREADS=2
PRIVTUNE_HEAP=${PRIVTUNE_HEAP:-12g} ./privtune experiment --model bge-small-en-v1.5 --split 10 \
  --out "${1:-/tmp/g13/bge-m10-eta13-bilstm-fresh-20k}" \
  --mechanisms privtune --eta 13 -P kappa=1 --ablations none --seeds 1 --train-subset 4000 \
  --attacker-sentences 20000 --inversion-epochs 1 --contextual-sentences 20000 --contextual-epochs 16 \
  --contextual-hidden 256 --naive-epochs 1 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 \
  --keywords 50 --noise-seed 1 --adaptive-fresh-noise --shard 1/2 "${@:2}"
