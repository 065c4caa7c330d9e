#!/bin/bash
# The second run of this folder, from the repository root:
#   experiments/2026-12-07-label-free-upper-20k/run-eta25.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms10/label-free-eta25). Label-free privtune eta = 25, kappa = 1, three seeds, with every flag
# of run.sh: at 20 000 sentences the label-free frontier's smallest lead over dχ (+2.9 at 34.8-35.2 %, dχ's eta = 7
# cell) sits on the line between its eta = 20 (26.4 %) and eta = 30 (37.0 %) cells; this cell measures that stretch.
# Run as three one-thread processes, --shard 5/6, 4/6 and 3/6 (one seed each; `none` comes after, stop them there).
set -euo pipefail
source "$(dirname "$0")/../2026-12-06-low-end-20k-baselines/flags.sh"
out=${1:-/tmp/ms10/label-free-eta25}
./privtune experiment --out "$out" --mechanisms privtune --eta 25 -P kappa=1 --ablations none \
  "${FLAGS[@]}" "${@:2}"
