#!/bin/bash
# The third run of this folder, from the repository root:
#   [MECHANISM=M] [ETA=E] experiments/2026-12-07-label-free-upper-20k/run-dchi-eta8.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms10/dchi-eta8). dχ eta = 8, three seeds, with every flag of run.sh: at 20 000 sentences dχ's
# frontier runs from its eta = 7 cell (34.8 %) to its eta = 10 cell (58.2 %) in one line, and label-free privtune's
# smallest leads over it (+3.3 to +4.2 at 35-45 %) are read against that line; a cell between measures it.
# MECHANISM=sap-cti (default dchi; OUT then defaults to /tmp/ms10/sap-cti-eta8) is the fourth run: the same cell for
# sap-cti, whose frontier ran from eta = 7 (35.2 %) to eta = 10 (59.1 %) in one line.
# ETA=7.5 (default 8; OUT then defaults to /tmp/ms10/dchi-eta7.5) is the fifth run: dchi between its eta = 7 and
# eta = 8 cells, where label-free privtune's lead over dchi is smallest (+3.3 at 35 and 40 %); ETA=9 the sixth,
# dchi between its eta = 8 and eta = 10 cells; MECHANISM=sap-cti ETA=9 the seventh, sap-cti between its eta = 8 and
# eta = 10 cells.
# Run as three one-thread processes, --shard 5/6, 4/6 and 3/6 (one seed each; `none` comes after, stop them there).
set -euo pipefail
source "$(dirname "$0")/../2026-12-06-low-end-20k-baselines/flags.sh"
mechanism=${MECHANISM:-dchi}
eta=${ETA:-8}
out=${1:-/tmp/ms10/${mechanism}-eta${eta}}
./privtune experiment --out "$out" --mechanisms "$mechanism" --eta "$eta" --ablations none \
  "${FLAGS[@]}" "${@:2}"
