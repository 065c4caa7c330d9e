#!/bin/bash
# The runs of this folder, from the repository root:
#   [SEED=K] experiments/2026-12-07-eta10-bilstm-all-text/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/g41/bge-m10-eta10-bilstm-all-text-seedK): ../2026-12-07-bilstm-on-all-text/'s run (the
# fresh-noise BiLSTM on every SST-2 training sentence outside the victim's 20 000-sentence sample, up to 8 epochs,
# against seed K, default 0, at bge-small-en-v1.5 m = 10, kappa = 1, fine-tuned on 20 000 sentences) with privtune
# eta = 10 instead of 11. Give the seed as SEED, not as --seed in EXTRA_FLAGS. Stop the process when it moves on to
# the none cell, then run it again with OUT given and --report-only --partial after it.
set -euo pipefail
ETA=10 exec experiments/2026-12-07-bilstm-on-all-text/run.sh \
  "${1:-/tmp/g41/bge-m10-eta10-bilstm-all-text-seed${SEED:-0}}" "${@:2}"
