#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-06-matched-range-attack-seeds/run.sh PART [OUT] [EXTRA_FLAGS...]
# PART is 'baselines' (dχ η = 5, 7, 15 and sap-cti η = 7, 15), 'privtune' (the four privtune cells read with one attacker
# seed that carry its frontier over every setting from 35 to 60 % strongest ASR), 'label-free' (label-free κ = 1 at
# η = 15, 20, 30, which carry its label-free frontier from 20 to 45 %) or 'all' (all three, for `--report-only --partial`); OUT defaults to
# /tmp/ms5/attack-seeds, shared by all parts. Issue 12's second Must-show read those cells with one attacker seed
# (../2026-12-06-matched-range-fresh-noise/); this reads them with three, with the flags of
# ../2026-12-06-matched-range-low-end/run.sh, so the victims are the earlier three-seed victims and the attacker's text
# is that run's. `none` (first in every grid) is not rerun here: two-shards.sh runs the noisy cells only.
set -euo pipefail
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} MKL_NUM_THREADS=${MKL_NUM_THREADS:-1}
part=${1:?PART: baselines, privtune, label-free or all}
out=${2:-/tmp/ms5/attack-seeds}
baselines=(--mechanisms dchi,sap-cti --eta 7,15 --cell dchi:eta=5)
# in order of need, last first (the processes take the grid from its end): the cells that carry privtune's frontier at
# 50-60, 45-60 and 40-45 % strongest ASR, then the one at 35-40 %
privtune=(--cell privtune:eta=30,kappa=1,consistent-share=0.5 --cell privtune:eta=30,kappa=1,consistent-share=0.25
  --cell privtune:eta=30,kappa=1,consistent-share=0.1 --cell privtune:eta=30,kappa=0.7)
label_free=(--cell privtune:eta=30,kappa=1 --cell privtune:eta=15,kappa=1 --cell privtune:eta=20,kappa=1)
case $part in
  baselines) grid=("${baselines[@]}") ;;
  privtune) grid=(--mechanisms dchi --eta 7 "${privtune[@]}") ;; # dχ η = 7 is stored by the first part
  label-free) grid=(--mechanisms dchi --eta 7 "${label_free[@]}") ;;
  all) grid=("${baselines[@]}" "${privtune[@]}" "${label_free[@]}") ;;
  *) echo "run.sh: PART must be baselines, privtune, label-free or all, found '$part'" >&2; exit 2 ;;
esac
./privtune experiment --out "$out" "${grid[@]}" --ablations none \
  --seeds 3 --train-subset 4000 --attacker-sentences 3000 --inversion-epochs 10 --contextual-sentences 1000 \
  --contextual-epochs 6 --contextual-hidden 128 --optimisation-sentences 4 --optimisation-steps 20 \
  --attribute-texts 200 --keywords 50 --noise-seed 1 "${@:3}"
