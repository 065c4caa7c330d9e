#!/bin/bash
# The third run of this folder, from the repository root:
#   cp -a /tmp/g20/bge-m10-eta11-20k-three-seeds /tmp/g20/bge-m10-eta11-20k-six-seeds   # run-three-seeds-20k.sh's folder
#   experiments/2026-12-06-finetune-budget-at-goal-split/run-six-seeds-20k.sh [OUT] [EXTRA_FLAGS...]
# runs run-three-seeds-20k.sh with six seeds on OUT (default /tmp/g20/bge-m10-eta11-20k-six-seeds): its none and
# eta = 11 cells extended from three seeds to six (seeds 3, 4 and 5 are computed; 0-2 are read from the copied folder,
# whose fine-tuning and mechanism settings are the same): the accuracy margin with twice the seeds. Seeds 3-5's
# attackers draw from the SST-2 text outside all six samples.
set -euo pipefail
SEEDS=6 exec "$(dirname "$0")/run-three-seeds-20k.sh" "${1:-/tmp/g20/bge-m10-eta11-20k-six-seeds}" "${@:2}"
