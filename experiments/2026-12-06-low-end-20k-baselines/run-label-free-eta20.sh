#!/bin/bash
# The third run of this folder, from the repository root:
#   experiments/2026-12-06-low-end-20k-baselines/run-label-free-eta20.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms8/label-free-eta20). Label-free privtune η = 20, κ = 1 (25.7 % strongest ASR at 4 000),
# three seeds, with every flag of run.sh: a label-free privtune cell above 20 % at 20 000 sentences, where the baselines'
# η = 7 cells lift off the floor. Run as three one-thread processes, --shard 5/6, 4/6 and 3/6 (one seed each; `none`
# comes after, stop them there).
set -euo pipefail
source "$(dirname "$0")/flags.sh"
out=${1:-/tmp/ms8/label-free-eta20}
./privtune experiment --out "$out" --mechanisms privtune --eta 20 --ablations none \
  "${FLAGS[@]}" "${@:2}"
