#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-06-low-end-20k-baselines/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms8/low-end-20k-baselines); several processes may share it, and the same command with
# --report-only rebuilds the report. Issue 12's second Must-show at the low end of its range with 20 000 fine-tuning
# sentences: ../2026-12-06-low-end-20k/ ran one cell per side there (privtune η = 12, κ = 1, consistent-share 0.25 and
# dχ η = 5). This adds label-free privtune η = 15, κ = 1 (the shipped mode; 19.2 % strongest ASR at 4 000), sap-cti
# η = 5 (21.3 %), the baseline that folder left out, and dχ η = 7 (34.8 %), dχ's next frontier cell, three seeds each.
# Every flag but the cells is that folder's. On two cores run it as --shard 11/12 and --shard 10/12: the processes take
# the grid from its end (label-free privtune first, then sap-cti, dχ, `none` last; stop them at `none`).
set -euo pipefail
source "$(dirname "$0")/flags.sh"
out=${1:-/tmp/ms8/low-end-20k-baselines}
./privtune experiment --out "$out" --mechanisms dchi --eta 7 --ablations none \
  --cell sap-cti:eta=5 --cell privtune:eta=15,kappa=1 \
  "${FLAGS[@]}" "${@:2}"
