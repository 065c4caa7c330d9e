#!/bin/bash
# The second run of this folder, from the repository root:
#   experiments/2026-12-06-low-end-20k-baselines/run-sap-cti-eta7.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms8/sap-cti-eta7). sap-cti η = 7 (36.0 % strongest ASR at 4 000), three seeds, with every
# flag of run.sh: with run.sh's sap-cti η = 5 it gives sap-cti a frontier across the low end at 20 000 sentences.
# Started on a core run.sh's processes left idle: run it as --shard 5/6 (and a second process as --shard 4/6); they
# take the grid from its end, `none` last (stop them there).
set -euo pipefail
source "$(dirname "$0")/flags.sh"
out=${1:-/tmp/ms8/sap-cti-eta7}
./privtune experiment --out "$out" --mechanisms sap-cti --eta 7 --ablations none \
  "${FLAGS[@]}" "${@:2}"
