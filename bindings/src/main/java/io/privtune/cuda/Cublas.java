package io.privtune.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * cuBLAS, bound by hand in jextract's style. Mirrors {@code cublas_api.h} of cuBLAS 13 (CUDA 13.0):
 * cublasCreate_v2, cublasDestroy_v2, cublasGetVersion_v2, cublasSetStream_v2, cublasSetMathMode,
 * cublasSgemm_v2, cublasGemmEx, cublasGetStatusName, cublasGetStatusString. Matrices are column-major as
 * in cuBLAS; device pointers are Java {@code long}s; {@code cublasHandle_t} and {@code cudaStream_t} are
 * addresses (a CUstream from {@link CudaDriver} is a cudaStream_t).
 *
 * <p>The library is opened on first use from {@code -Dprivtune.cublas=PATH}, {@code PRIVTUNE_CUBLAS},
 * then libcublas.so.13, libcublas.so.12 and libcublas.so on the loader path.
 */
public final class Cublas {
    public static final int CUBLAS_OP_N = 0;
    public static final int CUBLAS_OP_T = 1;
    public static final int CUBLAS_DEFAULT_MATH = 0;
    public static final int CUBLAS_PEDANTIC_MATH = 2;
    public static final int CUBLAS_TF32_TENSOR_OP_MATH = 3;
    public static final int CUDA_R_32F = 0;
    public static final int CUBLAS_COMPUTE_32F = 68;
    public static final int CUBLAS_COMPUTE_32F_FAST_TF32 = 77;
    public static final int CUBLAS_GEMM_DEFAULT = -1;

    private static final NativeLibrary LIBRARY = NativeLibrary.open("cuBLAS", candidates());
    private static volatile String bindFailure = "cuBLAS did not bind";

    private Cublas() {}

    static List<String> candidates() {
        List<String> names = new ArrayList<>();
        String property = System.getProperty("privtune.cublas");
        String environment = System.getenv("PRIVTUNE_CUBLAS");
        if (property != null && !property.isBlank()) {
            names.add(property);
        }
        if (environment != null && !environment.isBlank()) {
            names.add(environment);
        }
        names.addAll(List.of("libcublas.so.13", "libcublas.so.12", "libcublas.so"));
        return names;
    }

    public static boolean isAvailable() {
        return unavailableReason() == null;
    }

    /** Why cuBLAS cannot be used, or null when it can. */
    public static String unavailableReason() {
        return LIBRARY.unavailableReason(() -> H.CREATE != null, () -> bindFailure);
    }

    /** Where the library was loaded from (null when unavailable). */
    public static String loadedFrom() {
        return LIBRARY.loadedFrom();
    }

    private static void requireAvailable() {
        NativeLibrary.require(unavailableReason());
    }

    private static final class H {
        static final MethodHandle CREATE;
        static final MethodHandle DESTROY;
        static final MethodHandle GET_VERSION;
        static final MethodHandle SET_STREAM;
        static final MethodHandle SET_MATH_MODE;
        static final MethodHandle SGEMM;
        static final MethodHandle GEMM_EX;
        static final MethodHandle STATUS_NAME;
        static final MethodHandle STATUS_STRING;

        static {
            try {
                CREATE = status("cublasCreate_v2", ADDRESS);
                DESTROY = status("cublasDestroy_v2", ADDRESS);
                GET_VERSION = status("cublasGetVersion_v2", ADDRESS, ADDRESS);
                SET_STREAM = status("cublasSetStream_v2", ADDRESS, ADDRESS);
                SET_MATH_MODE = status("cublasSetMathMode", ADDRESS, JAVA_INT);
                // handle, transa, transb, m, n, k, *alpha, A, lda, B, ldb, *beta, C, ldc
                SGEMM = status(
                        "cublasSgemm_v2",
                        ADDRESS,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        ADDRESS,
                        JAVA_LONG,
                        JAVA_INT,
                        JAVA_LONG,
                        JAVA_INT,
                        ADDRESS,
                        JAVA_LONG,
                        JAVA_INT);
                // handle, transa, transb, m, n, k, *alpha, A, Atype, lda, B, Btype, ldb, *beta, C, Ctype, ldc,
                // computeType, algo
                GEMM_EX = status(
                        "cublasGemmEx",
                        ADDRESS,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        ADDRESS,
                        JAVA_LONG,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_LONG,
                        JAVA_INT,
                        JAVA_INT,
                        ADDRESS,
                        JAVA_LONG,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT,
                        JAVA_INT);
                STATUS_NAME = LIBRARY.function("cublasGetStatusName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
                STATUS_STRING = LIBRARY.function("cublasGetStatusString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
            } catch (CudaUnavailableException e) {
                bindFailure = e.getMessage().replaceFirst("^CUDA unavailable: ", "");
                throw e;
            }
        }

        private static MethodHandle status(String symbol, MemoryLayout... arguments) {
            return LIBRARY.function(symbol, FunctionDescriptor.of(JAVA_INT, arguments));
        }
    }

    public static MemorySegment cublasCreate() {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cublasCreate_v2", invoke(() -> (int) H.CREATE.invokeExact(out)));
            return out.get(ADDRESS, 0);
        }
    }

    public static void cublasDestroy(MemorySegment handle) {
        requireAvailable();
        check("cublasDestroy_v2", invoke(() -> (int) H.DESTROY.invokeExact(handle)));
    }

    public static int cublasGetVersion(MemorySegment handle) {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check("cublasGetVersion_v2", invoke(() -> (int) H.GET_VERSION.invokeExact(handle, out)));
            return out.get(JAVA_INT, 0);
        }
    }

    public static void cublasSetStream(MemorySegment handle, MemorySegment stream) {
        requireAvailable();
        check("cublasSetStream_v2", invoke(() -> (int) H.SET_STREAM.invokeExact(handle, stream)));
    }

    public static void cublasSetMathMode(MemorySegment handle, int mode) {
        requireAvailable();
        check("cublasSetMathMode", invoke(() -> (int) H.SET_MATH_MODE.invokeExact(handle, mode)));
    }

    /** C = alpha op(A) op(B) + beta C, column-major, FP32. */
    public static void cublasSgemm(
            MemorySegment handle,
            int transA,
            int transB,
            int m,
            int n,
            int k,
            float alpha,
            long a,
            int lda,
            long b,
            int ldb,
            float beta,
            long c,
            int ldc) {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment alphaCell = arena.allocateFrom(JAVA_FLOAT, alpha);
            MemorySegment betaCell = arena.allocateFrom(JAVA_FLOAT, beta);
            check("cublasSgemm_v2", invoke(() -> (int)
                    H.SGEMM.invokeExact(handle, transA, transB, m, n, k, alphaCell, a, lda, b, ldb, betaCell, c, ldc)));
        }
    }

    /** FP32 data with the given compute type (CUBLAS_COMPUTE_32F, or _32F_FAST_TF32 for tensor cores). */
    public static void cublasGemmEx(
            MemorySegment handle,
            int transA,
            int transB,
            int m,
            int n,
            int k,
            float alpha,
            long a,
            int lda,
            long b,
            int ldb,
            float beta,
            long c,
            int ldc,
            int computeType) {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment alphaCell = arena.allocateFrom(JAVA_FLOAT, alpha);
            MemorySegment betaCell = arena.allocateFrom(JAVA_FLOAT, beta);
            check("cublasGemmEx", invoke(() -> (int) H.GEMM_EX.invokeExact(
                    handle,
                    transA,
                    transB,
                    m,
                    n,
                    k,
                    alphaCell,
                    a,
                    CUDA_R_32F,
                    lda,
                    b,
                    CUDA_R_32F,
                    ldb,
                    betaCell,
                    c,
                    CUDA_R_32F,
                    ldc,
                    computeType,
                    CUBLAS_GEMM_DEFAULT)));
        }
    }

    static void check(String what, int status) {
        if (status != 0) {
            throw new CudaException(
                    what,
                    status,
                    text(H.STATUS_NAME, status, "cublasStatus_t " + status),
                    text(H.STATUS_STRING, status, ""));
        }
    }

    private static String text(MethodHandle handle, int status, String fallback) {
        try {
            MemorySegment text = (MemorySegment) handle.invokeExact(status);
            return text.equals(MemorySegment.NULL)
                    ? fallback
                    : text.reinterpret(256).getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            return fallback;
        }
    }

    private static int invoke(NativeLibrary.NativeCall c) {
        return NativeLibrary.call(c);
    }
}
