#!/bin/bash
# The second run of this folder, from the repository root:
#   experiments/2026-12-06-bilstm-beyond-cap/run-seed2.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/g31/bge-m10-eta11-bilstm-fresh-20k-seed2-cap30): run.sh's attacker against seed 2 of privtune
# eta = 11, kappa = 1 at bge-small-en-v1.5 m = 10, fine-tuned on 20 000 sentences
# (../2026-12-06-finetune-budget-at-goal-split/'s third BiLSTM seed), its epoch cap raised from 16 to 30. Stop the
# process when it moves on to another cell, then run it again with OUT given and --report-only --partial after it.
set -euo pipefail
CONTEXTUAL_EPOCHS=30 TRAIN_SUBSET=20000 SEEDS=3 SHARD=5/6 exec experiments/2026-12-05-below-eta-13/run-bilstm-20k.sh 11 \
  "${1:-/tmp/g31/bge-m10-eta11-bilstm-fresh-20k-seed2-cap30}" "${@:2}"
