#!/usr/bin/env bash
# Compiles src/privtune_kernels.cu into a fatbin (sm_80, sm_90 and compute_90 PTX for newer GPUs) at $1.
# Without nvcc the build goes on without kernels: the CUDA backend then reports that it has none.
set -euo pipefail
out_dir="$1"
here="$(cd "$(dirname "$0")" && pwd)"
nvcc="${NVCC:-}"
if [[ -z "$nvcc" ]]; then
  for candidate in "$(command -v nvcc 2>/dev/null || true)" /usr/local/cuda/bin/nvcc /usr/local/bin/nvcc; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then nvcc="$candidate"; break; fi
  done
fi
if [[ -z "$nvcc" ]]; then
  echo "[privtune] nvcc not found (set NVCC=...): building without CUDA kernels"
  exit 0
fi
mkdir -p "$out_dir"
"$nvcc" -O3 --fatbin -std=c++17 \
  -gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 -gencode arch=compute_90,code=compute_90 \
  -o "$out_dir/privtune.fatbin" "$here/src/privtune_kernels.cu"
"$nvcc" --version | tail -1 > "$out_dir/privtune.fatbin.nvcc"
echo "[privtune] built $out_dir/privtune.fatbin with $nvcc"
