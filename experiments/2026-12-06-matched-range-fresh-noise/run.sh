#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-06-matched-range-fresh-noise/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms3/range); several processes may share it (each takes the next unclaimed cell), and the
# same command with --report-only rebuilds the report. Issue 12's second Must-show read again with the fresh-noise
# adaptive attackers (the default since 09ea2af): the cells of ../2026-12-05-matched-asr-range/ and the two runs it
# joins (MiniLM split at m = 2, 4 000 sentences, research noise seed 1, the same attacker budgets), seed 0 only. The
# victims are those runs' seed-0 victims (the fine-tuning does not depend on the attackers): only the attacks differ.
# Ordered so that the cells at the range's ends and the label-free privtune cells come first; the last two (ρ = 0.5
# and 0.1) were added to the folder after the first 20 had run.
set -euo pipefail
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} MKL_NUM_THREADS=${MKL_NUM_THREADS:-1}
out=${1:-/tmp/ms3/range}
./privtune experiment --out "$out" --mechanisms dchi --eta 5 --ablations none \
  --cell privtune:eta=15,kappa=1 --cell sap-cti:eta=5 --cell privtune:eta=20,kappa=1 --cell dchi:eta=7 \
  --cell sap-cti:eta=7 --cell privtune:eta=30,kappa=1 --cell dchi:eta=10 --cell sap-cti:eta=10 \
  --cell privtune:eta=60,kappa=0.7 --cell dchi:eta=15 --cell sap-cti:eta=15 --cell privtune:eta=30,kappa=0.7 \
  --cell privtune:eta=15,kappa=1,consistent-share=0.25 --cell privtune:eta=22,kappa=1,consistent-share=0.25 \
  --cell privtune:eta=30,kappa=1,consistent-share=0.25 --cell privtune:eta=50,kappa=1 \
  --cell privtune:eta=100,kappa=1 --cell privtune:eta=15,kappa=0.7 \
  --cell privtune:eta=30,kappa=1,consistent-share=0.5 --cell privtune:eta=30,kappa=1,consistent-share=0.1 \
  --seeds 1 --train-subset 4000 --attacker-sentences 3000 --inversion-epochs 10 --contextual-sentences 1000 \
  --contextual-epochs 6 --contextual-hidden 128 --optimisation-sentences 4 --optimisation-steps 20 \
  --attribute-texts 200 --keywords 50 --noise-seed 1 "${@:2}"
