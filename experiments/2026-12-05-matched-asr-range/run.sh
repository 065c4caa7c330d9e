#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-05-matched-asr-range/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms2/range); two processes may share it (each takes the next unclaimed cell), and the same
# command with --report-only rebuilds the report. MiniLM split at m = 2, the settings and attackers of
# experiments/2026-12-03-frontier-three-seeds and 2026-12-04-consistent-targets (4 000 sentences, three seeds, research
# noise seed 1): the cells that stretch their frontiers over issue 12's 20-60 % range, dchi and sap-cti at eta = 5 (the
# low end), privtune at eta = 60, kappa = 0.7 (the high end) and label-free privtune at eta = 15 and 20 (its low end;
# the last two cells were added to the running folder). Then the matched comparison over all three runs.
# --no-adaptive-fresh-noise: the one-release adaptive attackers this ran with, the default until 09ea2af
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out=${1:-/tmp/ms2/range}
./privtune experiment --out "$out" --mechanisms dchi --eta 5 --ablations none \
  --cell privtune:eta=60,kappa=0.7 --cell sap-cti:eta=5 --cell privtune:eta=15,kappa=1 --cell privtune:eta=20,kappa=1 \
  --seeds 3 --train-subset 4000 --attacker-sentences 3000 --inversion-epochs 10 --contextual-sentences 1000 \
  --contextual-epochs 6 --contextual-hidden 128 --optimisation-sentences 4 --optimisation-steps 20 \
  --attribute-texts 200 --keywords 50 --noise-seed 1 --no-adaptive-fresh-noise "${@:2}"
here=experiments/2026-12-05-matched-asr-range
mkdir -p $here/range && cp "$out"/report.md "$out"/results.csv "$out"/results.json "$out"/statistics.csv "$out"/*.png $here/range/
/usr/bin/python3 $here/matched_range.py $here/matched-range.png $here/range experiments/2026-12-03-frontier-three-seeds \
  experiments/2026-12-04-consistent-targets > $here/matched-range.md
