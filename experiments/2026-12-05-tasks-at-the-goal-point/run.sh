#!/bin/bash
# The runs of this folder, from the repository root:
#   experiments/2026-12-05-tasks-at-the-goal-point/run.sh fpb|squad|blog|squad-minilm [OUT_ROOT] [EXTRA_FLAGS...]
# writes OUT_ROOT/TASK (default /tmp/i13/TASK); two processes may share one folder, cells already stored there are
# not run again, and the same command with --report-only rebuilds the report. fpb, squad and blog run none and
# issue 12's goal point (privtune eta = 15, kappa = 1) on bge-small-en-v1.5 split at m = 10, with dchi beside it
# (fpb: eta = 10, then eta = 8 added with EXTRA_FLAGS --cell dchi:eta=8; blog: eta = 10; squad: none, README).
# squad-minilm is QA's own frontier on MiniLM at m = 2 (weaker noise than the defaults). The other flags are those
# of the task's earlier MiniLM m = 2 run (experiments/2026-12-04-fpb-three-seeds-full-attacker,
# 2026-12-03-squad-attacks, 2026-12-03-blog-devices), so both splits face one attacker, except FPB's 4 epochs (that
# run had 1): at 32 steps privtune stayed at the majority class (README).
# --no-adaptive-fresh-noise: the one-release adaptive attackers this ran with, the default until 09ea2af
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
task=$1
out=${2:-/tmp/i13}/$task
attacks=(--ablations none --noise-seed 1 --no-adaptive-fresh-noise --optimisation-sentences 4 --optimisation-steps 20 --keywords 50
  --attacker-sentences 1500 --inversion-epochs 8 --contextual-sentences 800 --contextual-epochs 5
  --contextual-hidden 128)
goal=(--model bge-small-en-v1.5 --split 10 --mechanisms privtune --eta 15 -P kappa=1)
qa=(--task squad --train-subset 3000 --epochs 2 --batch-size 16 --lr 3e-4 --eval-questions 500 --attribute-texts 200)
case $task in
  fpb) ./privtune experiment --task fpb --out "$out" "${goal[@]}" --cell dchi:eta=10 "${attacks[@]}" \
         --train-subset 1000 --epochs 4 --lr 2e-4 --attribute-texts 200 --seeds 3 "${@:3}" ;;
  squad) ./privtune experiment --out "$out" "${goal[@]}" "${attacks[@]}" "${qa[@]}" "${@:3}" ;;
  squad-minilm) ./privtune experiment --out "$out" --mechanisms dchi --eta 30,100 --cell privtune:eta=100,kappa=0.7 \
         "${attacks[@]}" "${qa[@]}" "${@:3}" ;;
  blog) ./privtune experiment --task blog-topic --out "$out" "${goal[@]}" --cell dchi:eta=10 "${attacks[@]}" \
         --train-subset 3000 --lr 2e-4 --attribute-texts 1800 "${@:3}" ;;
  *) echo "usage: $0 fpb|squad|blog|squad-minilm [OUT_ROOT] [EXTRA_FLAGS...]" >&2; exit 2 ;;
esac
