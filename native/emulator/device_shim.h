// Lets g++ compile ../src/privtune_kernels.cu as ordinary C++ for the CPU emulator: CUDA's qualifiers
// become nothing (or thread_local for shared memory, since all threads of a block run as fibers on one
// OS thread), and threadIdx, __syncthreads and the warp shuffle go to the block scheduler.
#pragma once

#include <cmath>
#include <cstdint>

namespace emu {

struct Dim3 {
    unsigned x = 1, y = 1, z = 1;
};

// The fiber running now and the launch it belongs to (set by the scheduler).
const Dim3& thread_index();
extern Dim3 block_index, block_dim, grid_dim;

// Every live thread of the block waits here until the others arrive (threads that returned do not count).
void sync_threads();

// __shfl_xor_sync as a block-wide exchange: correct where every live thread of the block reaches the same
// shuffles, as in privtune_opt3; the mask must be full, as in all our kernels.
float shuffle_xor(unsigned mask, float value, int lane_mask);

}  // namespace emu

// CUDA's vector type, as the kernels use it (16-byte aligned, four floats).
struct alignas(16) float4 {
    float x, y, z, w;
};

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ thread_local
#define threadIdx (::emu::thread_index())
#define blockIdx (::emu::block_index)
#define blockDim (::emu::block_dim)
#define gridDim (::emu::grid_dim)
#define __syncthreads() ::emu::sync_threads()
#define __shfl_xor_sync(mask, value, lane_mask) ::emu::shuffle_xor((mask), (value), (lane_mask))
