#!/bin/bash
# From the repository root, as root, on a quiet machine: experiments/2026-12-06-thp-allocator/run.sh [OUT]
# Transparent huge pages `madvise` and `always`, and PyTorch's THP_MEM_ALLOC_ENABLE=1 under `madvise`: the wall time,
# system time and minor page faults of one small experiment (bge-small-en-v1.5 m = 10, 200 fine-tuning
# sentences, the adaptive inversion MLP 2 epochs on 3 000 attacker sentences), and each cell's inversion seconds.
# It writes the THP policy (/sys/kernel/mm/transparent_hugepage/enabled) and leaves it at `always`.
set -euo pipefail
out="${1:-/tmp/thp}"
mkdir -p "$out"
thp=/sys/kernel/mm/transparent_hugepage/enabled
trap 'echo always > $thp' EXIT
one() { # name policy env...
  name=$1; policy=$2; shift 2
  echo $policy > $thp
  rm -rf "$out/$name"
  echo "== $name: THP $(cat $thp), env: $*" >> "$out/results.txt"
  env "$@" /usr/bin/time -f "%e s wall, %U s user, %S s system, %R minor faults" -a -o "$out/results.txt" \
    ./privtune experiment --model bge-small-en-v1.5 --split 10 --out "$out/$name" --mechanisms privtune --eta 11 \
    -P kappa=1 --ablations none --seeds 1 --train-subset 200 --attacker-sentences 3000 --inversion-epochs 2 \
    --contextual-sentences 10 --contextual-epochs 1 --naive-epochs 1 --optimisation-sentences 1 --optimisation-steps 1 \
    --attribute-texts 20 --keywords 5 --noise-seed 1 > "$out/log-$name.txt" 2>&1
  for j in "$out/$name"/cells/*.json; do
    /usr/bin/python3 -c "import json, sys; d = json.load(open(sys.argv[1])); m = d['metrics']
print(sys.argv[1].split('/')[-1], 'inversion', round(m['inversion.seconds'], 1), 'naive', round(m['naive-training.seconds'], 1),
      'attacks', round(d['attackSeconds'], 1), 'fine-tuning', round(d['fineTuneSeconds'], 1))" "$j" >> "$out/results.txt"
  done
}
export OMP_NUM_THREADS=2 MKL_NUM_THREADS=2
one madvise-plain madvise
one madvise-env madvise THP_MEM_ALLOC_ENABLE=1
one always-plain always
echo always > $thp
echo "done $(date)" >> "$out/results.txt"
