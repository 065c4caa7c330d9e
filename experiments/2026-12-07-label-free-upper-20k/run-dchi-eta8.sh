#!/bin/bash
# The third run of this folder, from the repository root:
#   experiments/2026-12-07-label-free-upper-20k/run-dchi-eta8.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms10/dchi-eta8). dχ eta = 8, three seeds, with every flag of run.sh: at 20 000 sentences dχ's
# frontier runs from its eta = 7 cell (34.8 %) to its eta = 10 cell (58.2 %) in one line, and label-free privtune's
# smallest leads over it (+3.3 to +4.2 at 35-45 %) are read against that line; a cell between measures it.
# Run as three one-thread processes, --shard 5/6, 4/6 and 3/6 (one seed each; `none` comes after, stop them there).
set -euo pipefail
source "$(dirname "$0")/../2026-12-06-low-end-20k-baselines/flags.sh"
out=${1:-/tmp/ms10/dchi-eta8}
./privtune experiment --out "$out" --mechanisms dchi --eta 8 --ablations none \
  "${FLAGS[@]}" "${@:2}"
