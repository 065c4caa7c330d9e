// Lets g++ compile ../src/privtune_kernels.cu as ordinary C++ for the CPU emulator: CUDA's qualifiers
// become nothing (or thread_local for shared memory, since all threads of a block run as fibers on one
// OS thread), and threadIdx, __syncthreads and the warp shuffle go to the block scheduler.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace emu {

struct Dim3 {
    unsigned x = 1, y = 1, z = 1;
};

// The fiber running now and the launch it belongs to (set by the scheduler).
const Dim3& thread_index();
extern Dim3 block_index, block_dim, grid_dim;

// Every live thread of the block waits here until the others arrive (threads that returned do not count).
void sync_threads();

// Every live lane of the calling thread's warp waits here until the others arrive (__syncwarp, and inside
// every warp operation below): warps may pass different numbers of these between two __syncthreads.
void sync_warp();

// The warp operations, full mask only (as all our kernels use them): each live lane offers `value` and reads
// the one offered by `source_lane` of its warp. A lane that reaches one its warp's other lanes do not reach
// deadlocks the block, which the scheduler reports as a failed launch.
uint64_t warp_exchange(unsigned mask, uint64_t value, unsigned source_lane);
unsigned ballot(unsigned mask, bool predicate);
unsigned lane_id();

template <typename T>
T shuffle_from(unsigned mask, T value, unsigned source_lane) {
    static_assert(sizeof(T) <= sizeof(uint64_t), "a shuffled value fits 64 bits");
    uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof(T));
    bits = warp_exchange(mask, bits, source_lane);
    T out;
    std::memcpy(&out, &bits, sizeof(T));
    return out;
}

template <typename T>
T shuffle_xor(unsigned mask, T value, int lane_mask) {
    return shuffle_from(mask, value, lane_id() ^ static_cast<unsigned>(lane_mask & 31));
}

template <typename T>
T shuffle_up(unsigned mask, T value, unsigned delta) {
    const unsigned lane = lane_id();
    const T from = shuffle_from(mask, value, lane >= delta ? lane - delta : lane);
    return lane >= delta ? from : value;
}

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
#define __shfl_sync(mask, value, source_lane) ::emu::shuffle_from((mask), (value), static_cast<unsigned>(source_lane))
#define __shfl_up_sync(mask, value, delta) ::emu::shuffle_up((mask), (value), static_cast<unsigned>(delta))
#define __ballot_sync(mask, predicate) ::emu::ballot((mask), (predicate))
#define __syncwarp() ::emu::sync_warp()
#define __ffs(x) __builtin_ffs(x)
#define __popc(x) __builtin_popcount(x)
