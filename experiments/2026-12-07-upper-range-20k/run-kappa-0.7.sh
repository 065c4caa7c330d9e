#!/bin/bash
# The second run of this folder, from the repository root:
#   experiments/2026-12-07-upper-range-20k/run-kappa-0.7.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms9/kappa-0.7). Label-free privtune η = 30, κ = 0.7 (66.2 % strongest ASR at 4 000), three
# seeds, with every flag of run.sh: a label-free cell above the baselines' η = 10 cells (58–60 %), so that the
# label-free frontier at 20 000 sentences has a cell past the top of the 20–60 % range. Run as three
# one-thread processes, --shard 5/6, 4/6 and 3/6 (one seed each; `none` comes after, stop them there).
set -euo pipefail
source "$(dirname "$0")/../2026-12-06-low-end-20k-baselines/flags.sh"
out=${1:-/tmp/ms9/kappa-0.7}
./privtune experiment --out "$out" --mechanisms privtune --eta 30 -P kappa=0.7 --ablations none \
  "${FLAGS[@]}" "${@:2}"
