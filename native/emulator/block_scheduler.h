// Runs a kernel grid on the calling OS thread: blocks one after another, the threads of a block as
// fibers that switch only at __syncthreads (and shuffles), so every interleaving a barrier allows is one
// the kernel must already tolerate. Dynamic shared memory is filled with 0xFF (NaN, -1) before each block
// so that a read of something never written shows up in the results.
#pragma once

#include <cstddef>
#include <functional>

#include "device_shim.h"

namespace emu {

constexpr size_t kSharedBytesLimit = 48 * 1024;  // dynamic shared memory without cuFuncSetAttribute

// Runs `body` once per thread of every block, `before_block` before each block (to poison its shared
// memory) and `after_block` after it; the first message `after_block` returns stops the grid and is
// returned (nullptr: the grid ran). The caller has checked the shape (launch_shape_error). One grid at a time.
const char* run_grid(Dim3 grid, Dim3 block, const std::function<void()>& before_block, const std::function<void()>& body,
                     const std::function<const char*()>& after_block);

// Why a GPU would refuse this launch shape, or nullptr: more than 1024 threads, a zero or too large
// dimension, more dynamic shared memory than allowed.
const char* launch_shape_error(Dim3 grid, Dim3 block, size_t shared_bytes);

}  // namespace emu
