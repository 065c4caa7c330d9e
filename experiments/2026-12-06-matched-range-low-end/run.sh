#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-06-matched-range-low-end/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms4/low-end); several processes may share it (each takes the next unclaimed cell), and the
# same command with --report-only rebuilds the report. Issue 12's second Must-show at the low end of its range (20 %
# strongest ASR), where ../2026-12-06-matched-range-fresh-noise/ found privtune's lead under 3 points: the
# prediction-consistent privtune cell at η = 15 that folder read with one attacker seed, two with more noise, and a
# sap-cti cell under 20 %, three seeds each, read by the default fresh-noise attackers; then (added to the same folder)
# three more cells that place the frontiers inside the range: consistent η = 22, dχ and sap-cti η = 10. The settings are that folder's (MiniLM split at m = 2, 4 000
# sentences, research noise seed 1, the same attacker budgets), so `none` seeds 0-2 reproduce the earlier victims.
set -euo pipefail
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} MKL_NUM_THREADS=${MKL_NUM_THREADS:-1}
out=${1:-/tmp/ms4/low-end}
./privtune experiment --out "$out" --mechanisms sap-cti --eta 4 --ablations none \
  --cell privtune:eta=12,kappa=1,consistent-share=0.25 --cell privtune:eta=15,kappa=1,consistent-share=0.25 \
  --cell privtune:eta=10,kappa=1,consistent-share=0.25 --cell privtune:eta=22,kappa=1,consistent-share=0.25 \
  --cell dchi:eta=10 --cell sap-cti:eta=10 \
  --seeds 3 --train-subset 4000 --attacker-sentences 3000 --inversion-epochs 10 --contextual-sentences 1000 \
  --contextual-epochs 6 --contextual-hidden 128 --optimisation-sentences 4 --optimisation-steps 20 \
  --attribute-texts 200 --keywords 50 --noise-seed 1 "${@:2}"
