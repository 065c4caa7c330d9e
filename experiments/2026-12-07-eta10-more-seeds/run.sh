#!/bin/bash
# One run of this folder, from the repository root:
#   [ETA=E] [SEED=K] experiments/2026-12-07-eta10-more-seeds/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/g44/bge-m10-etaE-20k-seedK): label-free privtune eta = E (default 10), kappa = 1 at
# bge-small-en-v1.5 m = 10, fine-tuned on 20 000 SST-2 sentences, seed K alone (default 3), with every setting of the
# three-seed eta = 10 grid of ../2026-12-06-finetune-budget-at-goal-split/ (run-three-seeds-20k.sh with
# --cell privtune:eta=10,kappa=1) but eta, so its accuracy pairs with the six-seed grid's `none` of the same seed there
# (../2026-12-07-eta10.5/ runs it with ETA=10.5). The privtune cell runs first (shard 1/2); stop the process when it
# moves on to the none cell, then run it again with OUT and --report-only --partial.
set -euo pipefail
eta="${ETA:-10}"
seed="${SEED:-3}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" MKL_NUM_THREADS="${MKL_NUM_THREADS:-1}"
exec ./privtune experiment --model bge-small-en-v1.5 --split 10 --out "${1:-/tmp/g44/bge-m10-eta${eta}-20k-seed${seed}}" \
  --mechanisms privtune --eta "$eta" -P kappa=1 --ablations none --seed "$seed" --seeds 1 --train-subset 20000 \
  --attacker-sentences 3000 --inversion-epochs 10 --contextual-sentences 1000 --contextual-epochs 6 \
  --contextual-hidden 128 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 \
  --noise-seed 1 --shard 1/2 "${@:2}"
