#!/bin/bash
# The second run of this folder, from the repository root:
#   experiments/2026-12-05-fresh-noise-attacker/run-all.sh [OUT] [EXTRA_FLAGS...]
# The fresh-noise adaptive inverter on every SST-2 training sentence outside the victim's sample: the command of
# ../2026-12-05-attacker-on-all-sst2/run.sh with --adaptive-fresh-noise and the inverter capped at 5 epochs (about 7
# minutes each here), so that it ends within a session: a lower bound on what the uncapped attacker reads.
set -euo pipefail
export OMP_NUM_THREADS=2 MKL_NUM_THREADS=2
out=${1:-/tmp/fresh/bge-m10-attacker-all-fresh}
PRIVTUNE_HEAP=${PRIVTUNE_HEAP:-16g} ./privtune experiment --model bge-small-en-v1.5 --split 10 --out "$out" \
  --mechanisms privtune --eta 15 -P kappa=1 --ablations none --seeds 1 --train-subset 4000 --attacker-sentences all \
  --inversion-epochs 5 --contextual-sentences 3000 --contextual-epochs 8 --contextual-hidden 256 \
  --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 --noise-seed 1 \
  --adaptive-fresh-noise --shard 1/2 "${@:2}"
