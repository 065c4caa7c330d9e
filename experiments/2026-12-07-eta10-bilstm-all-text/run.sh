#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-07-eta10-bilstm-all-text/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/g41/bge-m10-eta10-bilstm-all-text-seed0): ../2026-12-07-bilstm-on-all-text/'s attacker (the
# fresh-noise BiLSTM on every SST-2 training sentence outside the victim's 20 000-sentence sample, up to 8 epochs)
# against seed 0 of privtune eta = 10 instead of 11, kappa = 1, at bge-small-en-v1.5 m = 10, fine-tuned on 20 000
# sentences. Stop the process when it moves on to the none cell, then run it again with OUT given and
# --report-only --partial after it.
set -euo pipefail
ATTACKER_SENTENCES=all CONTEXTUAL_SENTENCES=all CONTEXTUAL_EPOCHS=8 TRAIN_SUBSET=20000 \
  SEEDS=1 SHARD=1/2 exec experiments/2026-12-05-below-eta-13/run-bilstm-20k.sh 10 \
  "${1:-/tmp/g41/bge-m10-eta10-bilstm-all-text-seed0}" "${@:2}"
