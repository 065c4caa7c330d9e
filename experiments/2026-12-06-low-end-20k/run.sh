#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-06-low-end-20k/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms7/low-end-20k); several processes may share it, and the same command with --report-only
# rebuilds the report. Issue 12's second Must-show at the low end of its range (20 % strongest ASR) with 20 000
# fine-tuning sentences instead of 4 000: at 4 000 all three mechanisms' frontiers at 20 % sit within 4 points of the
# majority rate, so the lead there measures a floor. Two cells, three seeds each: dχ η = 5 (strongest ASR 19.5 % at
# 4 000, 51.0 % accuracy, dχ's frontier point nearest 20 %) and privtune η = 12, κ = 1, consistent-share 0.25 (17.0 %),
# beside `none`. Everything but --train-subset is ../2026-12-06-matched-range-low-end/run.sh's. On two cores run it as
# --shard 8/9 and --shard 7/9: the processes take the grid from its end, so `none` runs last.
set -euo pipefail
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} MKL_NUM_THREADS=${MKL_NUM_THREADS:-1}
out=${1:-/tmp/ms7/low-end-20k}
./privtune experiment --out "$out" --mechanisms dchi --eta 5 --ablations none \
  --cell privtune:eta=12,kappa=1,consistent-share=0.25 \
  --seeds 3 --train-subset 20000 --attacker-sentences 3000 --inversion-epochs 10 --contextual-sentences 1000 \
  --contextual-epochs 6 --contextual-hidden 128 --optimisation-sentences 4 --optimisation-steps 20 \
  --attribute-texts 200 --keywords 50 --noise-seed 1 "${@:2}"
