#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-06-matched-range-last-seeds/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/ms6/last-seeds); several processes may share it (--shard 0/2 and --shard 1/2 on a 2-core
# machine), and the same command with --report-only rebuilds the report. Issue 12's second Must-show (MiniLM m = 2,
# 4 000 sentences, fresh-noise attackers) read 17 cells with one attacker seed; ../2026-12-06-matched-range-attack-seeds/
# read twelve of them with three. This reads the other five with three: sap-cti η = 5, privtune κ = 0.7 at η = 15 and
# 60, and label-free privtune κ = 1 at η = 50 and 100, beside `none` (rerun, so the folder's report stands alone and
# shows the reference victims reproduce). The flags are ../2026-12-06-matched-range-low-end/run.sh's, so the victims
# are the earlier three-seed victims and the attacker's text is that run's.
set -euo pipefail
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} MKL_NUM_THREADS=${MKL_NUM_THREADS:-1}
out=${1:-/tmp/ms6/last-seeds}
./privtune experiment --out "$out" --mechanisms sap-cti --eta 5 --ablations none \
  --cell privtune:eta=15,kappa=0.7 --cell privtune:eta=60,kappa=0.7 \
  --cell privtune:eta=50,kappa=1 --cell privtune:eta=100,kappa=1 \
  --seeds 3 --train-subset 4000 --attacker-sentences 3000 --inversion-epochs 10 --contextual-sentences 1000 \
  --contextual-epochs 6 --contextual-hidden 128 --optimisation-sentences 4 --optimisation-steps 20 \
  --attribute-texts 200 --keywords 50 --noise-seed 1 "${@:2}"
