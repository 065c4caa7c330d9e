#!/usr/bin/env bash
# none utility per task, MiniLM split at m = 2 against the whole top trainable (m = 0); one epoch, every training example
set -uo pipefail
cd "$(dirname "$0")/../.."   # the repository root
for task in fpb blog-topic ag-news; do
  for m in 2 0; do
    echo "=== $task m=$m $(date -u +%H:%M:%S)"
    OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 ./privtune finetune --task $task --split $m --mechanism none \
      --train-subset 0 --epochs 1 --lr 2e-4 --seed 0 --noise-seed 0 --out out/tasks-none/$task-m$m 2>&1 | grep -v "batches\|^WARNING"
    echo "=== done $task m=$m $(date -u +%H:%M:%S)"
  done
done
