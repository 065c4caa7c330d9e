package io.privtune.bench.gpu;

import io.privtune.core.knn.CosineIndex;
import io.privtune.core.knn.UnitRows;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.cuda.Cublas;
import io.privtune.cuda.CudaDriver;
import io.privtune.cuda.backend.CudaBackend;
import io.privtune.cuda.backend.KernelTimings;
import io.privtune.cuda.backend.SimilarityGemm;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The full kNN graph of a MiniLM-shaped dictionary on the GPU (docs/DESIGN.md §6) against the same GEMM alone:
 * cuBLAS FP32 over the same 4096-row chunks, no top-k, scores discarded. Target: graph within 1.3x of the
 * GEMM. The PyTorch cdist + topk peer on the same GPU is {@code pytorch_knn.py} beside this module.
 * {@code graphTiledKernel} is the same graph with our tiled GEMM kernel, the fallback when cuBLAS is absent;
 * {@code graphTf32} with cuBLAS on TF32 tensor cores ({@link SimilarityGemm#CUBLAS_TF32}), whose effect on the
 * neighbour ids {@link Tf32Neighbours} measures.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class CudaKnnGraphBenchmark {
    private static final int CHUNK = 4096;

    private CudaBackend backend;
    private CosineIndex index;
    private CudaBackend tiledBackend;
    private CosineIndex tiledIndex;
    private CudaBackend tf32Backend;
    private CosineIndex tf32Index;
    private long dictionary;
    private long scores;
    private MemorySegment cublas;

    @Setup(Level.Trial)
    public void setUp() {
        backend = GpuFixture.backend();
        EmbeddingSpace space = GpuFixture.dictionary();
        index = backend.cosineIndex(space);
        tiledBackend = CudaBackend.open(0, SimilarityGemm.TILED_KERNEL);
        tiledIndex = tiledBackend.cosineIndex(space);
        tf32Backend = CudaBackend.open(0, SimilarityGemm.CUBLAS_TF32);
        tf32Index = tf32Backend.cosineIndex(space);
        backend.device().makeCurrent();
        dictionary = CudaDriver.cuMemAlloc((long) space.rows() * space.dim() * 4);
        try (Arena arena = Arena.ofConfined()) { // unit rows: the GEMM's scores are the graph's cosines
            float[] unit = UnitRows.normalise(space, space.rows());
            CudaDriver.cuMemcpyHtoD(dictionary, arena.allocateFrom(ValueLayout.JAVA_FLOAT, unit), unit.length * 4L);
        }
        scores = CudaDriver.cuMemAlloc((long) CHUNK * space.rows() * 4);
        cublas = Cublas.cublasCreate();
        Cublas.cublasSetStream(cublas, backend.device().stream());
        gemmChunk(0, Math.min(CHUNK, GpuFixture.VOCABULARY)); // the first chunk's scores stay for topkAlone
        backend.device().synchronize();
    }

    @Benchmark
    public Object graph() {
        return index.graph(GpuFixture.K, ProgressListener.NONE);
    }

    @Benchmark
    public Object graphTiledKernel() {
        return tiledIndex.graph(GpuFixture.K, ProgressListener.NONE);
    }

    @Benchmark
    public Object graphTf32() {
        return tf32Index.graph(GpuFixture.K, ProgressListener.NONE);
    }

    @Benchmark
    public void gemmAlone() {
        backend.device().makeCurrent();
        int v = GpuFixture.VOCABULARY;
        for (int start = 0; start < v; start += CHUNK) {
            gemmChunk(start, Math.min(CHUNK, v - start));
        }
        backend.device().synchronize();
    }

    /**
     * The graph's selection step alone: {@code privtune_topk_rows} over resident scores (the first chunk's
     * cosines, standing for every chunk), as many rows as the graph selects from, no GEMM and no host copies.
     * {@code graph} minus {@code gemmAlone} minus this is the host side: launches, copies, synchronisation.
     */
    @Benchmark
    public double topkAlone() {
        int v = GpuFixture.VOCABULARY;
        return KernelTimings.topkMilliseconds(backend, scores, CHUNK, v, GpuFixture.K, v / CHUNK)
                + KernelTimings.topkMilliseconds(backend, scores, v % CHUNK, v, GpuFixture.K, 1);
    }

    private void gemmChunk(int start, int count) {
        int v = GpuFixture.VOCABULARY, d = GpuFixture.DIM;
        Cublas.cublasGemmEx(
                cublas,
                Cublas.CUBLAS_OP_T,
                Cublas.CUBLAS_OP_N,
                v,
                count,
                d,
                1f,
                dictionary,
                d,
                dictionary + (long) start * d * 4,
                d,
                0f,
                scores,
                v,
                Cublas.CUBLAS_COMPUTE_32F);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.device().makeCurrent();
        Cublas.cublasDestroy(cublas);
        CudaDriver.cuMemFree(dictionary);
        CudaDriver.cuMemFree(scores);
        backend.close();
        tiledBackend.close();
        tf32Backend.close();
    }
}
