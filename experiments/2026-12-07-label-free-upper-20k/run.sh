#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-07-label-free-upper-20k/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms10/label-free-upper-20k); several processes may share it, and the same command with
# --report-only rebuilds the report. ../2026-12-07-upper-range-20k/ measured label-free privtune at 20 000 fine-tuning
# sentences only up to 37 % strongest ASR (the library default, eta = 30, kappa = 1) and privtune over every setting
# only up to 42.8 % (consistent-share 0.25); above that its tables read a line or a held value. The cells here are the
# 4 000-sentence cells between 45 and 60 %: label-free eta = 50 and 100 at kappa = 1 (48.5 and 57.4 % strongest ASR at
# 4 000) and consistent-share 0.1 at eta = 30 (49.7 %), three seeds each; `none` is in the grid but was stopped in
# this folder's run (see the README). Every flag but the cells is ../2026-12-06-low-end-20k-baselines/flags.sh's.
# On two cores run it as --shard 11/12, 10/12 and 9/12: the processes take the grid from its end (label-free eta = 50,
# consistent-share 0.1, label-free eta = 100, `none` last).
set -euo pipefail
source "$(dirname "$0")/../2026-12-06-low-end-20k-baselines/flags.sh"
out=${1:-/tmp/ms10/label-free-upper-20k}
./privtune experiment --out "$out" --mechanisms privtune --eta 100 -P kappa=1 --ablations none \
  --cell privtune:eta=30,kappa=1,consistent-share=0.1 --cell privtune:eta=50,kappa=1 \
  "${FLAGS[@]}" "${@:2}"
