#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-06-transformer-attacker/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/g32/bge-m10-eta13-transformer-fresh): the contextual attacker of
# ../2026-12-05-lower-eta-fresh-noise/run-bilstm-16.sh (bge-small-en-v1.5 split at m = 10, privtune eta = 13, kappa = 1,
# fine-tuned on 4 000 SST-2 sentences, seed 0; the attacker trains on fresh noise for 3 000 sentences of its own text)
# with a transformer in place of the BiLSTM and every other setting as there: the same 3 000 sentences, a cap of 16
# epochs, stopping after 2 without a new best held-out score. The naive models and the inversion MLP are cut to 1 epoch: their rates
# here are not a result. --shard 1/2 makes the process take the privtune cell first; stop it when it reaches the none
# cell and join with --report-only --partial.
set -euo pipefail
export OMP_NUM_THREADS=${THREADS:-2} MKL_NUM_THREADS=${THREADS:-2} # THREADS=1 beside another run
PRIVTUNE_HEAP=${PRIVTUNE_HEAP:-12g} ./privtune experiment --model bge-small-en-v1.5 --split 10 \
  --out "${1:-/tmp/g32/bge-m10-eta13-transformer-fresh}" \
  --mechanisms privtune --eta 13 -P kappa=1 --ablations none --seeds 1 --train-subset 4000 \
  --attacker-sentences 3000 --inversion-epochs 1 --naive-epochs 1 --contextual-model transformer \
  --contextual-sentences 3000 --contextual-epochs 16 --contextual-hidden 256 --optimisation-sentences 4 \
  --optimisation-steps 20 --attribute-texts 200 --keywords 50 --noise-seed 1 --adaptive-fresh-noise --shard 1/2 "${@:2}"
