#!/bin/bash
# The run of this folder, from the repository root:
#   [ETA=E] [SEED=K] experiments/2026-12-07-bilstm-on-all-text/run.sh [OUT] [EXTRA_FLAGS...]
# writes OUT (default /tmp/g40/bge-m10-etaE-bilstm-all-text-seedK): the fresh-noise BiLSTM against seed K (default 0)
# of privtune eta = E (default 11), kappa = 1 at bge-small-en-v1.5 m = 10, fine-tuned on 20 000 sentences
# (../2026-12-06-finetune-budget-at-goal-split/'s BiLSTM runs), trained on every SST-2 training sentence outside the
# victim's sample instead of 20 000 of them, for up to 8 epochs (2.4 times the text per epoch, so 8 epochs are about
# as many gradient steps as the 20 000-sentence run's 16). Seed K runs alone with the fine-tuning and noise it has in
# the three-seed grid; the attacker's text, attribute texts and optimisation sentences are drawn from it. Give it as
# SEED, not as --seed in EXTRA_FLAGS. The naive models train again on the larger text: the cache run-bilstm-20k.sh
# copies in is keyed by the attacker's text, so none of it matches. Stop the process when it moves on to the none
# cell, then run it again with OUT given and --report-only --partial after it. CONTEXTUAL_EPOCHS (default 8) raises the
# cap; the first 8 epochs repeat the capped run's.
set -euo pipefail
eta="${ETA:-11}"
seed="${SEED:-0}"
ATTACKER_SENTENCES=all CONTEXTUAL_SENTENCES=all CONTEXTUAL_EPOCHS=${CONTEXTUAL_EPOCHS:-8} TRAIN_SUBSET=20000 \
  SEEDS=1 SHARD=1/2 exec experiments/2026-12-05-below-eta-13/run-bilstm-20k.sh "$eta" \
  "${1:-/tmp/g40/bge-m10-eta${eta}-bilstm-all-text-seed${seed}}" --seed "$seed" "${@:2}"
