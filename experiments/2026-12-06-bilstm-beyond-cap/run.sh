#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-06-bilstm-beyond-cap/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/g30/bge-m10-eta11-bilstm-fresh-20k-seed1-cap30): the fresh-noise BiLSTM on 20 000 attacker
# sentences against seed 1 of privtune eta = 11, kappa = 1 at bge-small-en-v1.5 m = 10, fine-tuned on 20 000 sentences
# (../2026-12-06-finetune-budget-at-goal-split/'s second BiLSTM seed), with its epoch cap raised from 16 to 30: it
# trains until its held-out score has not set a new best for 2 epochs. Stop the process when it moves on to seed 0's
# cell, then run it again with OUT given and --report-only --partial after it.
set -euo pipefail
CONTEXTUAL_EPOCHS=30 TRAIN_SUBSET=20000 SEEDS=2 SHARD=3/4 exec experiments/2026-12-05-below-eta-13/run-bilstm-20k.sh 11 \
  "${1:-/tmp/g30/bge-m10-eta11-bilstm-fresh-20k-seed1-cap30}" "${@:2}"
