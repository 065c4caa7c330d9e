#!/usr/bin/env bash
# Builds the CPU emulator of the CUDA driver and cuBLAS (libprivtune_cuda_emulator.so) into $1, for the
# emulated parity tests. Without a C++ compiler the build goes on and those tests are skipped.
set -euo pipefail
out_dir="$1"
here="$(cd "$(dirname "$0")" && pwd)"
cxx="${CXX:-$(command -v g++ 2>/dev/null || true)}"
if [[ -z "$cxx" ]]; then
  echo "[privtune] g++ not found (set CXX=...): building without the CUDA emulator"
  exit 0
fi
mkdir -p "$out_dir"
# -ffp-contract=off: no fused multiply-adds that the Java reference does not do either
"$cxx" -std=c++17 -O3 -g -fPIC -shared -ffp-contract=off -U_FORTIFY_SOURCE -Wall -Wextra -Wno-unused-parameter -Wno-unknown-pragmas -Wno-sign-compare \
  -o "$out_dir/libprivtune_cuda_emulator.so" \
  "$here/block_scheduler.cpp" "$here/kernel_table.cpp" "$here/stream_queue.cpp" "$here/refusals.cpp" \
  "$here/driver_api.cpp" "$here/cublas_api.cpp"
echo "[privtune] built $out_dir/libprivtune_cuda_emulator.so with $cxx"
