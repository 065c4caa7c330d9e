#!/bin/bash
# The runs of this folder, from the repository root:
#   [SEEDS=N] [MODEL=M] experiments/2026-12-04-split-depth/run.sh SPLIT [OUT_ROOT] [FOLDER] [EXTRA_FLAGS...]
# writes OUT_ROOT/FOLDER (default /tmp/depth/mSPLIT); two processes may share one folder. EXTRA_FLAGS add cells
# (--eta, --cell) to the four; cells already stored in FOLDER are not run again. As run here:
#   run.sh 1; run.sh 3 (m3/); run.sh 4 then SEEDS=3 run.sh 4 (m4/); SEEDS=3 run.sh 3 /tmp/depth m3-three-seeds;
#   MODEL=bge-small-en-v1.5 run.sh M /tmp/depth bge-mM for M = 4, 2, 6, 8 (bge-small-mM/);
#   SEEDS=3 MODEL=bge-small-en-v1.5 run.sh 8 /tmp/depth bge-m8-three-seeds (bge-small-m8-three-seeds/), then the same
#   with --eta 8.5 --cell privtune:eta=20,kappa=1, then with --cell privtune:eta=30,kappa=0.93 (the report over all
#   seven: the three extra flags and --report-only); the m = 8 frontier (bge-small-m8/):
#   MODEL=bge-small-en-v1.5 run.sh 8 /tmp/depth bge-m8 --eta 7,10 --cell privtune:eta=45,kappa=1, then
#   ... --eta 7,8.5,10 --cell privtune:eta=45,kappa=1 --cell privtune:eta=30,kappa=0.85 --cell privtune:eta=30,kappa=0.7
#   --cell privtune:eta=20,kappa=1; m = 10 (bge-small-m10/, bge-small-m10-three-seeds/):
#   MODEL=bge-small-en-v1.5 run.sh 10 /tmp/depth bge-m10 --cell privtune:eta=30,kappa=0.93, then SEEDS=3 ... run.sh 10
#   /tmp/depth bge-m10-three-seeds --eta 10,13,16 --cell privtune:eta=15,kappa=1 --cell sap-cti:eta=10 --cell sap-cti:eta=15.
# m = 2 is experiments/2026-12-04-consistent-targets (the same four cells, settings and seeds).
# --no-adaptive-fresh-noise: the one-release adaptive attackers this ran with, the default until 09ea2af
set -euo pipefail
export OMP_NUM_THREADS=1
./privtune experiment --model "${MODEL:-all-minilm-l6-v2}" --split "$1" --out "${2:-/tmp/depth}/${3:-m$1}" \
 --mechanisms dchi --eta 10 --ablations none \
 --cell privtune:eta=30,kappa=1 --cell privtune:eta=22,kappa=1,consistent-share=0.25 \
 --seeds "${SEEDS:-1}" --train-subset 4000 --attacker-sentences 3000 --inversion-epochs 10 \
 --contextual-sentences 1000 --contextual-epochs 6 --contextual-hidden 128 \
 --optimisation-sentences 4 --optimisation-steps 20 --attribute-texts 200 --keywords 50 --noise-seed 1 --no-adaptive-fresh-noise "${@:4}"
