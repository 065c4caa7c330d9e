#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-07-upper-range-20k/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms9/upper-range-20k); several processes may share it, and the same command with
# --report-only rebuilds the report. Issue 12's second Must-show above 30 % strongest ASR with 20 000 fine-tuning
# sentences, where ../2026-12-06-low-end-20k-baselines/ left it open: the baselines' η = 10 cells (dχ 58.1 %, sap-cti
# 59.6 % strongest ASR at 4 000), label-free privtune at the shipped default η = 30, κ = 1 (36.8 %) and consistent
# privtune ρ = 0.25, η = 30, κ = 1 (42.4 %), three seeds each. Every flag but the cells is that folder's (flags.sh).
# On two cores run it as --shard 14/15, 13/15 and 12/15: the processes take the grid from its end (consistent privtune,
# label-free privtune, sap-cti, dχ, `none` last; stop them at `none`).
set -euo pipefail
source "$(dirname "$0")/../2026-12-06-low-end-20k-baselines/flags.sh"
out=${1:-/tmp/ms9/upper-range-20k}
./privtune experiment --out "$out" --mechanisms dchi,sap-cti --eta 10 --ablations none \
  --cell privtune:eta=30,kappa=1 --cell privtune:eta=30,kappa=1,consistent-share=0.25 \
  "${FLAGS[@]}" "${@:2}"
