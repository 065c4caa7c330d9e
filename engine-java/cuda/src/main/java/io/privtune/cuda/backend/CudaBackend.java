package io.privtune.cuda.backend;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.backend.NoiseSolver;
import io.privtune.core.knn.CosineIndex;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.StreamAddresses;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.cuda.Cublas;
import io.privtune.cuda.CudaDevice;
import java.lang.foreign.MemorySegment;

/**
 * The engine's hot paths on one GPU. Dictionaries stay resident in device memory for the life of their
 * index; buffers, the stream and the pinned staging memory are reused across batches. Calls are
 * serialised (one stream); open with {@link #open()}, which answers {@code CUDA unavailable: ...} when
 * there is no driver, no GPU or no compiled kernels.
 */
public final class CudaBackend implements ComputeBackend, AutoCloseable {
    private final CudaDevice device;
    private final KernelModule kernels;
    private final MemorySegment cublas;
    private final int gemmComputeType;
    private final PinnedStaging staging = new PinnedStaging();
    private final String name;
    private CudaPerturbation perturbation;

    private CudaBackend(CudaDevice device, KernelModule kernels, MemorySegment cublas, boolean tf32) {
        this.device = device;
        this.kernels = kernels;
        this.cublas = cublas;
        this.gemmComputeType = tf32 ? Cublas.CUBLAS_COMPUTE_32F_FAST_TF32 : Cublas.CUBLAS_COMPUTE_32F;
        this.name =
                "cuda (" + device.name() + ", sm_" + device.computeCapability().replace(".", "") + ", "
                        + (cublas == null ? "tiled kernel GEMM" : tf32 ? "cuBLAS TF32 GEMM" : "cuBLAS GEMM") + ")";
    }

    public static CudaBackend open() {
        return open(0);
    }

    public static CudaBackend open(int ordinal) {
        return open(ordinal, SimilarityGemm.CUBLAS_WHEN_AVAILABLE);
    }

    public static CudaBackend open(int ordinal, SimilarityGemm gemm) {
        if (!KernelModule.packaged()) {
            throw new io.privtune.cuda.CudaUnavailableException(
                    "this build has no compiled kernels (nvcc was not found when native/ was built)");
        }
        CudaDevice device = CudaDevice.open(ordinal);
        try {
            KernelModule kernels = KernelModule.load();
            boolean tf32 = gemm == SimilarityGemm.CUBLAS_TF32;
            if (tf32 && !Cublas.isAvailable()) {
                throw new io.privtune.cuda.CudaUnavailableException(
                        "the TF32 similarity GEMM needs cuBLAS: " + Cublas.unavailableReason());
            }
            MemorySegment handle = null;
            if (gemm != SimilarityGemm.TILED_KERNEL && Cublas.isAvailable()) {
                handle = Cublas.cublasCreate();
                Cublas.cublasSetStream(handle, device.stream());
                // FP32 math by default: the parity tests hold the graph to the CPU backend's similarities within 1e-4
                Cublas.cublasSetMathMode(handle, tf32 ? Cublas.CUBLAS_TF32_TENSOR_OP_MATH : Cublas.CUBLAS_DEFAULT_MATH);
            }
            return new CudaBackend(device, kernels, handle, tf32);
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    public CudaDevice device() {
        return device;
    }

    @Override
    public CosineIndex cosineIndex(EmbeddingSpace space) {
        return new CudaCosineIndex(this, space);
    }

    @Override
    public NoiseSolver noiseSolver(EmbeddingSpace dictionary, KnnGraph graph) {
        return new CudaNoiseSolver(this, dictionary, graph);
    }

    /** The dχ perturbation in one kernel ({@code privtune_dchi_perturb}); s_i travel as floats (parity within 1e-4). */
    @Override
    public float[] dchiPerturb(
            float[] h,
            float[] delta,
            double[] scales,
            boolean[] leave,
            int n,
            int d,
            StreamAddresses addresses,
            NoiseKey key,
            double eta) {
        io.privtune.core.backend.DchiPerturbation.check(h, delta, scales, leave, n, d, addresses, eta);
        float[] floatScales = null;
        if (scales != null) {
            floatScales = new float[scales.length];
            for (int i = 0; i < scales.length; i++) {
                floatScales[i] = (float) scales[i];
            }
        }
        synchronized (this) {
            if (perturbation == null) {
                perturbation = new CudaPerturbation(this);
            }
            return perturbation.perturb(h, delta, floatScales, leave, n, d, addresses, key, eta);
        }
    }

    KernelModule kernels() {
        return kernels;
    }

    /** The cuBLAS handle, or null when cuBLAS is absent (our tiled kernel computes the similarities then). */
    MemorySegment cublas() {
        return cublas;
    }

    /** cuBLAS's compute type for the similarity GEMM: CUBLAS_COMPUTE_32F, or _32F_FAST_TF32 for {@link SimilarityGemm#CUBLAS_TF32}. */
    int gemmComputeType() {
        return gemmComputeType;
    }

    PinnedStaging staging() {
        return staging;
    }

    @Override
    public synchronized void close() {
        device.makeCurrent();
        if (perturbation != null) {
            perturbation.close();
        }
        staging.close();
        if (cublas != null) {
            Cublas.cublasDestroy(cublas);
        }
        kernels.close();
        device.close();
    }
}
