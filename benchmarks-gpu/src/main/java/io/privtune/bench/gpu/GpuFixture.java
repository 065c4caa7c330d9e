package io.privtune.bench.gpu;

import io.privtune.core.space.EmbeddingSpace;
import io.privtune.cuda.backend.CudaBackend;
import java.util.SplittableRandom;

/**
 * What the GPU benchmarks share: the CUDA backend and a dictionary of MiniLM's shape (V = 30522,
 * d = 384). Random rows stand in for the MiniLM weights, which are too large to carry to the GPU
 * machine beside a JDK (64 MiB); GEMM and top-k cost the same for any values, and the parity tests
 * check correctness on real structure.
 *
 * <p>{@code -Dprivtune.bench.smoke=true} shrinks every size so that the whole suite runs in seconds on
 * native/'s CPU emulator ({@code run-gpu.sh smoke}): a check of the harness before GPU time is spent,
 * never a measurement.
 */
final class GpuFixture {
    static final boolean SMOKE = Boolean.getBoolean("privtune.bench.smoke");
    static final int VOCABULARY = SMOKE ? 1500 : 30522;
    static final int DIM = 384;
    static final int K = 16;
    /** Tokens per noise batch: one batch of 4096 is what a mechanism hands the solver at once. */
    static final int TOKENS = SMOKE ? 64 : 4096;

    private GpuFixture() {}

    static EmbeddingSpace dictionary() {
        SplittableRandom random = new SplittableRandom(2026);
        float[] values = new float[VOCABULARY * DIM];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return EmbeddingSpace.fromArray("minilm-shaped", values, VOCABULARY, DIM);
    }

    static CudaBackend backend() {
        return CudaBackend.open();
    }
}
