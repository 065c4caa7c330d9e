#!/bin/bash
# The run of this folder, from the repository root:
#   experiments/2026-12-05-attacker-on-all-sst2/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/allatk/bge-m10-attacker-all); the same command with --report-only rebuilds the report.
# Issue 12's goal point (bge-small-en-v1.5 split at m = 10, privtune eta = 15, kappa = 1, seed 0) against the token
# attackers trained on every SST-2 training sentence outside the victim's 4 000 (--attacker-sentences all), with the
# stronger attacker's other settings of experiments/2026-12-04-split-depth/bge-small-m10-attacker-20k (same research
# noise seed, so the victim's uploads and fine-tuning are that run's): only the attacker's text grows.
# --shard 1/2 takes the privtune cell first (its adaptive inverter, trained before the naive models, is the point;
# each inverter logs its victim rates when trained), then the none cell, which no other process claims.
# The run was stopped once the adaptive inverter had logged its rates (README): its point is in the table and plot of
# ../2026-12-05-fresh-noise-attacker (fresh_noise.py), read from log.txt.
# --no-adaptive-fresh-noise: the one-release adaptive attackers this ran with, the default until 09ea2af
set -euo pipefail
export OMP_NUM_THREADS=2 MKL_NUM_THREADS=2
out=${1:-/tmp/allatk/bge-m10-attacker-all}
PRIVTUNE_HEAP=${PRIVTUNE_HEAP:-16g} ./privtune experiment --model bge-small-en-v1.5 --split 10 --out "$out" \
  --mechanisms privtune --eta 15 -P kappa=1 --ablations none --seeds 1 --train-subset 4000 --attacker-sentences all \
  --inversion-epochs 15 --contextual-sentences 3000 --contextual-epochs 8 --contextual-hidden 256 \
  --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 --noise-seed 1 --no-adaptive-fresh-noise --shard 1/2 "${@:2}"
