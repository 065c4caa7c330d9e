// The cuBLAS entry points the Java bindings use (cublas_api.h, CUDA 13), on emulated device memory and
// queued on the handle's stream like every other piece of device work. FP32 only, as the bindings use it.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <set>

#include "emulated_device.h"

namespace {

enum Status : int {
    SUCCESS = 0,
    NOT_INITIALIZED = 1,
    INVALID_VALUE = 7,
    NOT_SUPPORTED = 15,
};

constexpr int kOpN = 0, kOpT = 1;
constexpr int kCudaR32F = 0;
constexpr int kCompute32F = 68, kCompute32FFastTF32 = 77;

struct Handle {
    emu::Stream* stream = nullptr;
    int math_mode = 0;
};

std::set<Handle*> handles;

int fail(int code, const char* call, const char* why) { return emu::refuse(emu::Library::CUBLAS, code, call, why); }

bool valid(Handle* h) { return handles.count(h) != 0; }

// Eight partial sums, as a GPU's blocked GEMM also adds in an order of its own: the compiler can keep them
// in one vector register, which makes the emulated full-vocabulary graph minutes faster.
float dot(const float* x, const float* y, int k) {
    float partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int p = 0;
    for (; p + 8 <= k; p += 8) {
        for (int lane = 0; lane < 8; ++lane) {
            partial[lane] += x[p + lane] * y[p + lane];
        }
    }
    float sum = 0.0f;
    for (; p < k; ++p) {
        sum += x[p] * y[p];
    }
    for (int lane = 0; lane < 8; ++lane) {
        sum += partial[lane];
    }
    return sum;
}

// FP32 to TF32 as the tensor cores read it (cvt.rna.tf32.f32): 10 mantissa bits, rounded half away from zero.
float to_tf32(float x) {
    if (!std::isfinite(x)) return x;
    uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    bits = (bits + 0x1000u) & 0xFFFFE000u;
    std::memcpy(&x, &bits, sizeof bits);
    return x;
}

float dot_tf32(const float* x, const float* y, int k) {
    float sum = 0.0f;
    for (int p = 0; p < k; ++p) {
        sum += to_tf32(x[p]) * to_tf32(y[p]);
    }
    return sum;
}

// C (m x n) = alpha op(A) op(B) + beta C, column-major, as cublasSgemm; checks what cuBLAS checks. tf32: the
// inputs are rounded to TF32 first (CUBLAS_COMPUTE_32F_FAST_TF32), accumulation stays FP32.
int gemm(const char* call, Handle* h, int op_a, int op_b, int m, int n, int k, const float* alpha, const float* a, int lda, const float* b,
         int ldb, const float* beta, float* c, int ldc, bool tf32 = false) {
    if (!valid(h)) return fail(NOT_INITIALIZED, call, "unknown handle");
    if ((op_a != kOpN && op_a != kOpT) || (op_b != kOpN && op_b != kOpT) || m < 0 || n < 0 || k < 0 || alpha == nullptr || beta == nullptr) {
        return fail(INVALID_VALUE, call, "bad operation, size or scalar pointer");
    }
    const int rows_a = op_a == kOpN ? m : k, rows_b = op_b == kOpN ? k : n;
    if (lda < (rows_a > 1 ? rows_a : 1) || ldb < (rows_b > 1 ? rows_b : 1) || ldc < (m > 1 ? m : 1)) {
        return fail(INVALID_VALUE, call, "a leading dimension is smaller than its matrix's rows");
    }
    const size_t cols_a = op_a == kOpN ? k : m, cols_b = op_b == kOpN ? n : k;
    auto spans = [](const float* p, size_t ld, size_t rows, size_t cols) {
        return rows == 0 || cols == 0 || emu::device_range_valid(reinterpret_cast<uint64_t>(p), ((cols - 1) * ld + rows) * sizeof(float));
    };
    if (!spans(a, lda, rows_a, cols_a) || !spans(b, ldb, rows_b, cols_b) || !spans(c, ldc, m, n)) {
        return fail(INVALID_VALUE, call, "a matrix reaches outside its device allocation");
    }
    const float alpha_value = *alpha, beta_value = *beta;  // pointer mode host: read at call time
    emu::enqueue(h->stream, [=]() -> const char* {
        for (int j = 0; j < n; ++j) {
            for (int i = 0; i < m; ++i) {
                float sum;
                if (op_a == kOpT && op_b == kOpN) {  // the kNN case: both operands contiguous along k
                    const float* x = a + static_cast<size_t>(i) * lda;
                    const float* y = b + static_cast<size_t>(j) * ldb;
                    sum = tf32 ? dot_tf32(x, y, k) : dot(x, y, k);
                } else {
                    sum = 0.0f;
                    for (int p = 0; p < k; ++p) {
                        const float x = op_a == kOpN ? a[i + static_cast<size_t>(p) * lda] : a[p + static_cast<size_t>(i) * lda];
                        const float y = op_b == kOpN ? b[p + static_cast<size_t>(j) * ldb] : b[j + static_cast<size_t>(p) * ldb];
                        sum += tf32 ? to_tf32(x) * to_tf32(y) : x * y;
                    }
                }
                float& out = c[i + static_cast<size_t>(j) * ldc];
                out = alpha_value * sum + (beta_value == 0.0f ? 0.0f : beta_value * out);  // beta 0: C may hold NaN
            }
        }
        return nullptr;
    });
    return SUCCESS;
}

}  // namespace

#define LOCKED std::lock_guard<std::recursive_mutex> driver_guard(emu::driver_lock())

extern "C" {

int cublasCreate_v2(void** handle) {
    LOCKED;
    if (handle == nullptr) return INVALID_VALUE;
    auto* h = new Handle();
    handles.insert(h);
    *handle = h;
    return SUCCESS;
}

int cublasDestroy_v2(void* handle) {
    LOCKED;
    auto* h = static_cast<Handle*>(handle);
    if (handles.erase(h) == 0) return fail(NOT_INITIALIZED, "cublasDestroy_v2", "unknown handle");
    delete h;
    return SUCCESS;
}

int cublasGetVersion_v2(void* handle, int* version) {
    LOCKED;
    if (!valid(static_cast<Handle*>(handle))) return NOT_INITIALIZED;
    if (version == nullptr) return INVALID_VALUE;
    *version = 130000;
    return SUCCESS;
}

int cublasSetStream_v2(void* handle, void* stream) {
    LOCKED;
    auto* h = static_cast<Handle*>(handle);
    if (!valid(h)) return NOT_INITIALIZED;
    h->stream = static_cast<emu::Stream*>(stream);
    return SUCCESS;
}

int cublasSetMathMode(void* handle, int mode) {
    LOCKED;
    auto* h = static_cast<Handle*>(handle);
    if (!valid(h)) return NOT_INITIALIZED;
    if (mode != 0 && mode != 2 && mode != 3 && mode != 16) return INVALID_VALUE;
    h->math_mode = mode;
    return SUCCESS;
}

int cublasSgemm_v2(void* handle, int op_a, int op_b, int m, int n, int k, const float* alpha, const float* a, int lda, const float* b,
                   int ldb, const float* beta, float* c, int ldc) {
    LOCKED;
    return gemm("cublasSgemm_v2", static_cast<Handle*>(handle), op_a, op_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

int cublasGemmEx(void* handle, int op_a, int op_b, int m, int n, int k, const void* alpha, const void* a, int a_type, int lda,
                 const void* b, int b_type, int ldb, const void* beta, void* c, int c_type, int ldc, int compute_type, int algo) {
    LOCKED;
    if (a_type != kCudaR32F || b_type != kCudaR32F || c_type != kCudaR32F) {
        return fail(NOT_SUPPORTED, "cublasGemmEx", "the emulator has FP32 data only");
    }
    if (compute_type != kCompute32F && compute_type != kCompute32FFastTF32) {
        return fail(NOT_SUPPORTED, "cublasGemmEx", "the emulator has FP32 compute types only");
    }
    if (algo < -1 || algo > 23) return fail(INVALID_VALUE, "cublasGemmEx", "unknown algorithm");
    return gemm("cublasGemmEx", static_cast<Handle*>(handle), op_a, op_b, m, n, k, static_cast<const float*>(alpha),
                static_cast<const float*>(a), lda, static_cast<const float*>(b), ldb, static_cast<const float*>(beta),
                static_cast<float*>(c), ldc, compute_type == kCompute32FFastTF32);
}

const char* cublasGetStatusName(int status) {
    switch (status) {
        case SUCCESS: return "CUBLAS_STATUS_SUCCESS";
        case NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
        case INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
        case NOT_SUPPORTED: return "CUBLAS_STATUS_NOT_SUPPORTED";
        default: return "CUBLAS_STATUS_UNKNOWN";
    }
}

const char* cublasGetStatusString(int status) {
    switch (status) {  // cuBLAS's own texts
        case SUCCESS: return "success";
        case NOT_INITIALIZED: return emu::describe(emu::Library::CUBLAS, status, "the library was not initialized");
        case INVALID_VALUE: return emu::describe(emu::Library::CUBLAS, status, "an invalid numeric value was used as an argument");
        case NOT_SUPPORTED: return emu::describe(emu::Library::CUBLAS, status, "the functionality requested is not supported");
        default: return "unknown error";
    }
}

}  // extern "C"
