#!/bin/bash
# The second run of this folder, from the repository root:
#   experiments/2026-12-05-below-eta-13/run-bilstm-20k.sh ETA [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/g11/bge-m10-etaETA-bilstm-fresh-20k): the strongest attacker of
# ../2026-12-05-lower-eta-fresh-noise/run-bilstm-20k.sh (the fresh-noise BiLSTM on 20 000 attacker sentences, up to 16
# epochs) against privtune eta = ETA, kappa = 1, every other setting as there (EXTRA_FLAGS may add -P ...). The
# inversion MLP and both naive models are cut to 1 epoch: their rates here are not a result. The naive models do not
# depend on the mechanism: NAIVE_CACHE (default that run's folder's naive-attackers/) is copied into OUT so that they
# are read, not trained again. --shard 1/2 makes the process take the privtune cell first; stop it when it reaches the
# none cell and join with --report-only --partial. TRAIN_SUBSET (default 4000) sets the victim's fine-tuning budget
# (the attacker's sentences avoid every seed's sample); SEEDS (default 1) and SHARD (default 1/2) let one process take
# another seed's privtune cell first: SEEDS=2 SHARD=3/4 runs seed 1 (replicate 1 of the device's key) first.
# CONTEXTUAL_EPOCHS (default 16) sets the BiLSTM's epoch cap (its learning rate is constant, so a higher cap repeats
# the first 16 epochs and goes on until 2 epochs pass without a new best held-out score). ATTACKER_SENTENCES and
# CONTEXTUAL_SENTENCES (default 20000 each; 'all' = every sentence outside the victims' samples) set the attacker's text.
set -euo pipefail
eta="${1:?usage: run-bilstm-20k.sh ETA [OUT] [EXTRA_FLAGS...]}"
out="${2:-/tmp/g11/bge-m10-eta${eta}-bilstm-fresh-20k}"
cache="${NAIVE_CACHE:-/tmp/g13/bge-m10-eta13-bilstm-fresh-20k/naive-attackers}"
mkdir -p "$out/naive-attackers"
if [ -d "$cache" ]; then
  cp -an "$cache/." "$out/naive-attackers/" || true # cp -n exits 1 where it skips a file already there
else
  echo "run-bilstm-20k.sh: no naive-attacker cache at $cache: the naive models are trained" >&2
fi
export OMP_NUM_THREADS=2 MKL_NUM_THREADS=2
PRIVTUNE_HEAP=${PRIVTUNE_HEAP:-12g} ./privtune experiment --model bge-small-en-v1.5 --split 10 --out "$out" \
  --mechanisms privtune --eta "$eta" -P kappa=1 --ablations none --seeds "${SEEDS:-1}" \
  --train-subset "${TRAIN_SUBSET:-4000}" --attacker-sentences "${ATTACKER_SENTENCES:-20000}" --inversion-epochs 1 \
  --contextual-sentences "${CONTEXTUAL_SENTENCES:-20000}" --contextual-epochs "${CONTEXTUAL_EPOCHS:-16}" --contextual-hidden 256 --naive-epochs 1 \
  --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 --noise-seed 1 \
  --adaptive-fresh-noise --shard "${SHARD:-1/2}" "${@:3}"
