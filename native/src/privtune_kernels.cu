// PrivTune's CUDA kernels (DESIGN §2, §3.9, §6). Loaded by the Java CUDA backend from a fatbin through
// the driver API (cuModuleLoadData + cuModuleGetFunction), so every entry point is extern "C".
//
// Contracts mirrored from the Java engine (io.privtune.core.*), which the parity tests compare against:
//   random/ChaCha20         RFC 8439 block function; key = the purpose's stream key, counter = block number,
//                           nonce = (position, text nonce lo, text nonce hi)
//   random/RandomStream     16 words per block; uniform = 27 + 26 bits + 0.5, times 2^-53; Box-Muller pairs
//   random/GammaSampler     Marsaglia-Tsang in double precision, shape >= 1
//   random/DchiNoise        direction g ~ N(0, I) from purpose DIRECTION, radius ~ Gamma(d, 1/eta) from RADIUS
//   opt/ClosedFormSolver    delta = (c - h) / (1 + lambda), capped to ||delta|| <= kappa ||h||
//   mechanism/PrivTuneMechanism   out = h + (float)(s * delta) + (float)(g * s * r / ||g||)
//   knn/CpuCosineIndex      top-k by similarity descending, ties by id ascending, a row never lists itself

#include <cstdint>

namespace {

constexpr int kMaxK = 32;
constexpr int kBlockWords = 16;  // ChaCha20 words per block: 4 uniform pairs = 8 normals

// The ChaCha20 keys of the two purposes the dχ kernel draws from, derived on the host from the secret noise
// key (NoiseKey.streamKey: HKDF-SHA256 under "privtune/v1/DIRECTION" and ".../RADIUS"). Passed by value.
struct StreamKeys {
    uint32_t direction[8];
    uint32_t radius[8];
};

__device__ __forceinline__ uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

__device__ __forceinline__ void quarter(uint32_t& a, uint32_t& b, uint32_t& c, uint32_t& d) {
    a += b; d = rotl(d ^ a, 16);
    c += d; b = rotl(b ^ c, 12);
    a += b; d = rotl(d ^ a, 8);
    c += d; b = rotl(b ^ c, 7);
}

// A token's stream address (StreamAddresses): its text's 64-bit nonce and its position in the text.
struct Address {
    uint64_t text;
    uint32_t position;
};

// RFC 8439 ChaCha20 block: constants, key (8 words), counter = block number, nonce = (position, text lo, text hi).
__device__ __forceinline__ void chacha20_block(const uint32_t key[8], uint32_t counter, Address at, uint32_t out[kBlockWords]) {
    uint32_t x[kBlockWords] = {0x61707865u, 0x3320646eu, 0x79622d32u, 0x6b206574u, key[0], key[1], key[2], key[3],
                               key[4], key[5], key[6], key[7], counter, at.position, static_cast<uint32_t>(at.text),
                               static_cast<uint32_t>(at.text >> 32)};
    uint32_t in[kBlockWords];
#pragma unroll
    for (int i = 0; i < kBlockWords; ++i) {
        in[i] = x[i];
    }
#pragma unroll
    for (int round = 0; round < 10; ++round) {
        quarter(x[0], x[4], x[8], x[12]);
        quarter(x[1], x[5], x[9], x[13]);
        quarter(x[2], x[6], x[10], x[14]);
        quarter(x[3], x[7], x[11], x[15]);
        quarter(x[0], x[5], x[10], x[15]);
        quarter(x[1], x[6], x[11], x[12]);
        quarter(x[2], x[7], x[8], x[13]);
        quarter(x[3], x[4], x[9], x[14]);
    }
#pragma unroll
    for (int i = 0; i < kBlockWords; ++i) {
        out[i] = x[i] + in[i];
    }
}

__device__ __forceinline__ double uniform_from(uint32_t first, uint32_t second) {
    const uint64_t hi = first >> 5;   // 27 bits
    const uint64_t lo = second >> 6;  // 26 bits
    return (static_cast<double>((hi << 26) | lo) + 0.5) * 0x1.0p-53;
}

// RandomStream, sequential: used by the one thread that draws a token's radius.
struct Stream {
    const uint32_t* key;
    Address at;
    uint32_t block;
    uint32_t words[kBlockWords];
    int next;
    bool has_spare;
    double spare;

    __device__ Stream(const uint32_t* k, Address a) : key(k), at(a), block(0), next(kBlockWords), has_spare(false), spare(0) {}

    __device__ uint32_t next_word() {
        if (next == kBlockWords) {
            chacha20_block(key, block++, at, words);
            next = 0;
        }
        return words[next++];
    }

    __device__ double uniform() {
        const uint32_t a = next_word();
        const uint32_t b = next_word();
        return uniform_from(a, b);
    }

    __device__ double normal() {
        if (has_spare) {
            has_spare = false;
            return spare;
        }
        const double u1 = uniform();
        const double u2 = uniform();
        const double radius = sqrt(-2.0 * log(u1));
        const double angle = 2.0 * 3.141592653589793 * u2;
        spare = radius * sin(angle);
        has_spare = true;
        return radius * cos(angle);
    }
};

__device__ double gamma_marsaglia_tsang(Stream& stream, double shape, double scale) {
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / sqrt(9.0 * d);
    while (true) {
        const double x = stream.normal();
        double v = 1.0 + c * x;
        if (v <= 0) {
            continue;
        }
        v = v * v * v;
        const double u = stream.uniform();
        const double x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2 || log(u) < 0.5 * x2 + d * (1.0 - v + log(v))) {
            return d * v * scale;
        }
    }
}

// Normals 8b .. 8b + 7 of a DIRECTION stream (fewer at the end of the row) into g, as RandomStream.nextNormal hands
// them out: ChaCha20 block b holds four (u1, u2) pairs, cosine for the even member, sine for the odd one.
// Returns the sum of their squares.
__device__ __forceinline__ double direction_normals(const uint32_t key[8], Address at, int b, int d, double* g) {
    uint32_t w[kBlockWords];
    chacha20_block(key, static_cast<uint32_t>(b), at, w);
    double squares = 0;
#pragma unroll
    for (int pair = 0; pair < 4; ++pair) {
        const int j = 8 * b + 2 * pair;
        if (j >= d) {
            break;
        }
        const double u1 = uniform_from(w[4 * pair], w[4 * pair + 1]);
        const double u2 = uniform_from(w[4 * pair + 2], w[4 * pair + 3]);
        const double radius = sqrt(-2.0 * log(u1));
        const double angle = 2.0 * 3.141592653589793 * u2;
        const double even = radius * cos(angle);
        g[j] = even;
        squares += even * even;
        if (j + 1 < d) {
            const double odd = radius * sin(angle);
            g[j + 1] = odd;
            squares += odd * odd;
        }
    }
    return squares;
}

__device__ __forceinline__ bool better(float a_sim, int a_id, float b_sim, int b_id) {
    return a_sim > b_sim || (a_sim == b_sim && a_id < b_id);
}

}  // namespace

// dχ noise + PrivTune composition for n tokens of width d, one block per token (blockDim.x = a power of 2,
// at most 1024; shared memory: d doubles + blockDim.x doubles + 1 double).
//   delta:  n x d mean shift or nullptr (zero-mean mechanisms); scale: s_i per token or nullptr (1)
//   leave:  1 = special/padding token, copied through unchanged
//   text, position: per token, its stream address (text nonce, position in the text)
//   out:    n x d
extern "C" __global__ void privtune_dchi_perturb(const float* __restrict__ h, const float* __restrict__ delta,
                                                 const float* __restrict__ scale, const unsigned char* __restrict__ leave,
                                                 const unsigned long long* __restrict__ text_of,
                                                 const int* __restrict__ position_of, StreamKeys keys, double eta, int n, int d,
                                                 float* __restrict__ out) {
    extern __shared__ double shared[];
    double* g = shared;                 // d
    double* partial = shared + d;       // blockDim.x
    double* radius = partial + blockDim.x;
    const int token = blockIdx.x;
    if (token >= n) {
        return;
    }
    const float* row = h + static_cast<size_t>(token) * d;
    float* target = out + static_cast<size_t>(token) * d;
    if (leave != nullptr && leave[token]) {
        for (int j = threadIdx.x; j < d; j += blockDim.x) {
            target[j] = row[j];
        }
        return;
    }
    const Address at{static_cast<uint64_t>(text_of[token]), static_cast<uint32_t>(position_of[token])};
    double squares = 0;
    const int blocks = (d + 7) / 8;
    for (int b = threadIdx.x; b < blocks; b += blockDim.x) {
        squares += direction_normals(keys.direction, at, b, d, g);
    }
    partial[threadIdx.x] = squares;
    if (threadIdx.x == 0) {
        Stream stream(keys.radius, at);
        *radius = gamma_marsaglia_tsang(stream, static_cast<double>(d), 1.0 / eta);
    }
    __syncthreads();
    for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) {
            partial[threadIdx.x] += partial[threadIdx.x + stride];
        }
        __syncthreads();
    }
    const double s = scale == nullptr ? 1.0 : static_cast<double>(scale[token]);
    const double factor = s * (*radius) / sqrt(partial[0]);
    for (int j = threadIdx.x; j < d; j += blockDim.x) {
        const float noise = static_cast<float>(g[j] * factor);
        const float moved = delta == nullptr ? 0.0f : static_cast<float>(s * static_cast<double>(delta[static_cast<size_t>(token) * d + j]));
        target[j] = row[j] + (moved + noise);
    }
}

// OPT-3 over n rows: delta = (c - h) / (1 + lambda), scaled down so that ||delta|| <= kappa ||h||. One warp per row.
extern "C" __global__ void privtune_opt3(const float* __restrict__ h, const float* __restrict__ c, int n, int d, float shrink,
                                         float kappa, float* __restrict__ delta) {
    const int warp = (blockIdx.x * blockDim.x + threadIdx.x) / 32;
    const int lane = threadIdx.x % 32;
    if (warp >= n) {
        return;
    }
    const size_t off = static_cast<size_t>(warp) * d;
    float diff_squared = 0.0f, h_squared = 0.0f;
    for (int j = lane; j < d; j += 32) {
        const float diff = c[off + j] - h[off + j];
        diff_squared += diff * diff;
        h_squared += h[off + j] * h[off + j];
    }
    for (int step = 16; step > 0; step >>= 1) {
        diff_squared += __shfl_xor_sync(0xffffffffu, diff_squared, step);
        h_squared += __shfl_xor_sync(0xffffffffu, h_squared, step);
    }
    const float norm = shrink * sqrtf(diff_squared);
    const float cap = kappa * sqrtf(h_squared);
    const float factor = norm > cap ? shrink * cap / norm : shrink;
    for (int j = lane; j < d; j += 32) {
        delta[off + j] = (c[off + j] - h[off + j]) * factor;
    }
}

// A plain copy of n4 float4s, grid-stride: the yardstick for the bandwidth of the memory-bound kernels (OPT-3 is
// measured as a fraction of what this reaches on the same GPU, not of a datasheet figure).
extern "C" __global__ void privtune_copy(const float4* __restrict__ in, long long n4, float4* __restrict__ out) {
    const long long stride = static_cast<long long>(gridDim.x) * blockDim.x;
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n4; i += stride) {
        out[i] = in[i];
    }
}

// Similarities of a chunk of query rows against every dictionary row, for when cuBLAS is absent:
// scores[r * vocab + v] = dot(queries[r], dictionary[v]). 16 x 16 shared-memory tiles.
extern "C" __global__ void privtune_scores_tiled(const float* __restrict__ queries, const float* __restrict__ dictionary, int rows,
                                                 int vocab, int d, float* __restrict__ scores) {
    __shared__ float q_tile[16][17];
    __shared__ float r_tile[16][17];
    const int r = blockIdx.y * 16 + threadIdx.y;
    const int v = blockIdx.x * 16 + threadIdx.x;
    const int v_load = blockIdx.x * 16 + threadIdx.y;
    float sum = 0.0f;
    for (int base = 0; base < d; base += 16) {
        q_tile[threadIdx.y][threadIdx.x] = (r < rows && base + threadIdx.x < d) ? queries[static_cast<size_t>(r) * d + base + threadIdx.x] : 0.0f;
        r_tile[threadIdx.y][threadIdx.x] = (v_load < vocab && base + threadIdx.x < d)
                                               ? dictionary[static_cast<size_t>(v_load) * d + base + threadIdx.x] : 0.0f;
        __syncthreads();
#pragma unroll
        for (int t = 0; t < 16; ++t) {
            sum += q_tile[threadIdx.y][t] * r_tile[threadIdx.x][t];
        }
        __syncthreads();
    }
    if (r < rows && v < vocab) {
        scores[static_cast<size_t>(r) * vocab + v] = sum;
    }
}

namespace {

constexpr int kEmptyId = 0x7fffffff;  // an empty list entry's id: every real id is smaller

// A warp's sorted list of its k best (sim, id): lane i < k holds entry i, best first; lanes >= k carry whatever
// shifts past the end. Empty entries are (-inf, kEmptyId), which every real score beats. `floor` is entry k - 1,
// held by every lane: a candidate must beat it to enter.
struct WarpList {
    float sim = -INFINITY;
    int id = kEmptyId;
    float floor_sim = -INFINITY;
    int floor_id = kEmptyId;

    // Warp-uniform call with a warp-uniform candidate that beats the floor: the entries worse than it move down one.
    __device__ __forceinline__ void insert(float c_sim, int c_id, int k, int lane) {
        const float above_sim = __shfl_up_sync(0xffffffffu, sim, 1);
        const int above_id = __shfl_up_sync(0xffffffffu, id, 1);
        const unsigned worse = __ballot_sync(0xffffffffu, lane < k && better(c_sim, c_id, sim, id));
        const int at = __ffs(static_cast<int>(worse)) - 1;  // exists: the candidate beats entry k - 1
        if (lane > at) {
            sim = above_sim;
            id = above_id;
        } else if (lane == at) {
            sim = c_sim;
            id = c_id;
        }
        floor_sim = __shfl_sync(0xffffffffu, sim, k - 1);
        floor_id = __shfl_sync(0xffffffffu, id, k - 1);
    }
};

constexpr int kTopkWarps = 4;    // warps per row (blockDim.x = 32 * kTopkWarps)
constexpr int kTopkUnroll = 4;   // loads in flight per lane

}  // namespace

// The fused top-k of a chunk of score rows (row-major rows x vocab, e.g. cuBLAS's column-major vocab x rows).
// One block of 4 warps per row. Each warp reads the row in coalesced 32-column runs (warp w takes columns
// 128 j + 32 w + lane) and keeps its best k as a WarpList in registers: a score enters only when it beats
// the list's floor, which after the first few hundred columns is rare, so the scan runs at memory speed
// (a ballot finds the lanes holding candidates; each is inserted warp-wide with two shuffles and a ballot).
// Warp 0 then merges the other warps' lists from shared memory. Writes ids/sims [rows x k] at row offset 0;
// absent entries (fewer than k finite scores) are -1 / -inf. exclude_base >= 0: row r never lists id
// exclude_base + r (the vertex itself, for the kNN graph). Order: higher similarity first, ties by lower id,
// the CPU backend's order, so both backends list the same neighbours.
extern "C" __global__ void privtune_topk_rows(const float* __restrict__ scores, int rows, int vocab, int k, int exclude_base,
                                              int* __restrict__ ids, float* __restrict__ sims) {
    __shared__ float warp_sims[kTopkWarps][kMaxK];
    __shared__ int warp_ids[kTopkWarps][kMaxK];
    const int r = blockIdx.x;
    if (r >= rows || k < 1 || k > kMaxK) {
        return;
    }
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
    const float* row = scores + static_cast<size_t>(r) * vocab;
    const int self = exclude_base >= 0 ? exclude_base + r : -1;
    WarpList list;
    constexpr int stride = 32 * kTopkWarps;
    for (int base = 32 * warp; base < vocab; base += stride * kTopkUnroll) {  // warp-uniform bounds
        float s[kTopkUnroll];
#pragma unroll
        for (int u = 0; u < kTopkUnroll; ++u) {
            const int v = base + u * stride + lane;
            s[u] = v < vocab ? row[v] : NAN;
        }
#pragma unroll
        for (int u = 0; u < kTopkUnroll; ++u) {
            const int v = base + u * stride + lane;
            // NaN (also past the row's end) never wins; the vertex itself is skipped
            const bool candidate = s[u] == s[u] && v != self && better(s[u], v, list.floor_sim, list.floor_id);
            unsigned pending = __ballot_sync(0xffffffffu, candidate);
            while (pending != 0) {
                const int from = __ffs(static_cast<int>(pending)) - 1;
                pending &= pending - 1;
                const float c_sim = __shfl_sync(0xffffffffu, s[u], from);
                const int c_id = __shfl_sync(0xffffffffu, v, from);
                if (better(c_sim, c_id, list.floor_sim, list.floor_id)) {  // the floor may have risen since the ballot
                    list.insert(c_sim, c_id, k, lane);
                }
            }
        }
    }
    if (lane < k) {
        warp_sims[warp][lane] = list.sim;
        warp_ids[warp][lane] = list.id;
    }
    __syncthreads();
    if (warp != 0) {
        return;
    }
    for (int other = 1; other < kTopkWarps; ++other) {
        for (int i = 0; i < k; ++i) {  // each list is sorted: once an entry misses the floor, the rest do too
            const float c_sim = warp_sims[other][i];
            const int c_id = warp_ids[other][i];
            if (!better(c_sim, c_id, list.floor_sim, list.floor_id)) {
                break;
            }
            list.insert(c_sim, c_id, k, lane);
        }
    }
    if (lane < k) {
        const bool present = list.id != kEmptyId;
        ids[static_cast<size_t>(r) * k + lane] = present ? list.id : -1;
        sims[static_cast<size_t>(r) * k + lane] = present ? list.sim : -INFINITY;
    }
}

namespace {

// Sums m per-thread partials over the block: red is m rows of blockDim.x floats; the sums land in red[a * blockDim.x].
__device__ void block_sums(float* red, int m) {
    __syncthreads();
    for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) {
            for (int a = 0; a < m; ++a) {
                red[a * blockDim.x + threadIdx.x] += red[a * blockDim.x + threadIdx.x + stride];
            }
        }
        __syncthreads();
    }
}

struct Opt2Shared {
    float *h, *c, *delta, *x, *grad, *candidate, *red;
    int* anchors;
    int* active;
    double* value;
};

// J at `at` (DESIGN §3.5); leaves x = h + at and the active hinges in shared memory, like ConstrainedSolver.evaluate.
__device__ double opt2_objective(const float* at, const Opt2Shared& s, const float* dictionary, int count, int d, float lambda,
                                 float beta, float mu) {
    float to_target = 0.0f, norm = 0.0f;
    float to_anchor[kMaxK + 1];
    for (int a = 0; a < count; ++a) {
        to_anchor[a] = 0.0f;
    }
    for (int j = threadIdx.x; j < d; j += blockDim.x) {
        const float x = s.h[j] + at[j];
        s.x[j] = x;
        const float diff = x - s.c[j];
        to_target += diff * diff;
        norm += at[j] * at[j];
        for (int a = 0; a < count; ++a) {
            const float e = x - dictionary[static_cast<size_t>(s.anchors[a]) * d + j];
            to_anchor[a] += e * e;
        }
    }
    s.red[threadIdx.x] = to_target;
    s.red[blockDim.x + threadIdx.x] = norm;
    for (int a = 0; a < count; ++a) {
        s.red[(2 + a) * blockDim.x + threadIdx.x] = to_anchor[a];
    }
    block_sums(s.red, count + 2);
    if (threadIdx.x == 0) {
        const double target = s.red[0];
        double value = target + static_cast<double>(lambda) * s.red[blockDim.x];
        for (int a = 0; a < count; ++a) {
            const double hinge = target + mu - s.red[(2 + a) * blockDim.x];
            s.active[a] = hinge > 0;
            if (hinge > 0) {
                value += static_cast<double>(beta) * hinge;
            }
        }
        *s.value = value;
    }
    __syncthreads();
    return *s.value;
}

// Projects `v` onto the ball of radius kappa ||h|| (NormCap.project).
__device__ void opt2_cap(float* v, const Opt2Shared& s, int d, float radius) {
    float norm = 0.0f;
    for (int j = threadIdx.x; j < d; j += blockDim.x) {
        norm += v[j] * v[j];
    }
    s.red[threadIdx.x] = norm;
    block_sums(s.red, 1);
    const float length = sqrtf(s.red[0]);
    __syncthreads();
    if (length > radius) {
        const float factor = length == 0.0f ? 0.0f : radius / length;
        for (int j = threadIdx.x; j < d; j += blockDim.x) {
            v[j] *= factor;
        }
    }
    __syncthreads();
}

}  // namespace

// OPT-2 (ConstrainedSolver): projected gradient from OPT-3's delta (already in `delta`), anchors = the token and its
// k graph neighbours, T steps of size 1/(2(1 + lambda + beta |A|)), halving a step that would raise J up to 8 times,
// stopping when none lowers it. One block per token (blockDim.x a power of 2); dictionary and graph stay resident.
// Dynamic shared memory: (6 d + (k + 3) blockDim.x) floats + 2 (k + 1) ints + 1 double.
extern "C" __global__ void privtune_opt2(const float* __restrict__ h, const float* __restrict__ c, const int* __restrict__ tokens,
                                         const float* __restrict__ dictionary, const int* __restrict__ graph, int k, int n, int d,
                                         float lambda, float kappa, float beta, float mu, int steps, float* __restrict__ delta) {
    extern __shared__ double opt2_shared[];
    const int token = blockIdx.x;
    if (token >= n || k > kMaxK) {
        return;
    }
    Opt2Shared s;
    s.value = opt2_shared;
    float* floats = reinterpret_cast<float*>(opt2_shared + 1);
    s.h = floats;
    s.c = s.h + d;
    s.delta = s.c + d;
    s.x = s.delta + d;
    s.grad = s.x + d;
    s.candidate = s.grad + d;
    s.red = s.candidate + d;
    s.anchors = reinterpret_cast<int*>(s.red + (k + 3) * blockDim.x);
    s.active = s.anchors + (k + 1);
    const size_t off = static_cast<size_t>(token) * d;
    for (int j = threadIdx.x; j < d; j += blockDim.x) {
        s.h[j] = h[off + j];
        s.c[j] = c[off + j];
        s.delta[j] = delta[off + j];
    }
    const int count = k + 1;
    if (threadIdx.x == 0) {
        const int t = tokens[token];
        s.anchors[0] = t;
        for (int r = 0; r < k; ++r) {
            s.anchors[r + 1] = graph[static_cast<size_t>(t) * k + r];
        }
    }
    float h_norm = 0.0f;
    for (int j = threadIdx.x; j < d; j += blockDim.x) {
        h_norm += h[off + j] * h[off + j];
    }
    s.red[threadIdx.x] = h_norm;
    block_sums(s.red, 1);
    const float radius = kappa * sqrtf(s.red[0]);
    __syncthreads();

    double current = opt2_objective(s.delta, s, dictionary, count, d, lambda, beta, mu);
    const float full_step = 1.0f / (2.0f * (1.0f + lambda + beta * count));
    for (int t = 0; t < steps; ++t) {
        // gradient at delta: s.x and s.active describe delta here
        for (int j = threadIdx.x; j < d; j += blockDim.x) {
            float g = 2.0f * (s.x[j] - s.c[j]) + 2.0f * lambda * s.delta[j];
            for (int a = 0; a < count; ++a) {
                if (s.active[a]) {
                    g += 2.0f * beta * (dictionary[static_cast<size_t>(s.anchors[a]) * d + j] - s.c[j]);
                }
            }
            s.grad[j] = g;
        }
        __syncthreads();
        bool accepted = false;
        float step = full_step;
        for (int halving = 0; halving <= 8 && !accepted; ++halving, step *= 0.5f) {
            for (int j = threadIdx.x; j < d; j += blockDim.x) {
                s.candidate[j] = s.delta[j] - step * s.grad[j];
            }
            __syncthreads();
            opt2_cap(s.candidate, s, d, radius);
            const double value = opt2_objective(s.candidate, s, dictionary, count, d, lambda, beta, mu);
            if (value <= current) {
                for (int j = threadIdx.x; j < d; j += blockDim.x) {
                    s.delta[j] = s.candidate[j];
                }
                current = value;
                accepted = true;
            }
            __syncthreads();
        }
        if (!accepted) {
            break;
        }
    }
    for (int j = threadIdx.x; j < d; j += blockDim.x) {
        delta[off + j] = s.delta[j];
    }
}
