package io.privtune.bench;

import io.privtune.core.knn.CpuCosineIndex;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kNN micro-kernel shapes side by side: the exact graph (k = 16) of the first {@link #V} rows of the MiniLM
 * vocabulary (d = 384), index build included as in {@link KnnGraphBenchmark#engine}, once per {@code shape},
 * in milliseconds per graph (the summary turns it into GFLOP/s and a share of the FMA limit).
 *
 * <p>The shape reaches the engine as {@code -Dprivtune.knn.shape}, set here before the engine's classes load:
 * JMH runs each parameter value in a fresh fork, and the engine chooses its shape once per JVM. A shape wider
 * than the JVM's vectors is refused. On an AVX-512 machine, {@code -jvmArgsAppend -XX:UseAVX=2} makes the JIT
 * an AVX2 one (256-bit vectors, 16 registers), the register pressure of a real AVX2 core but not its ports.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 4)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class KnnKernelShapeBenchmark {
    static final int V = 8000;
    static final int K = 16;

    @Param({
        "avx512-6x2",
        "avx512-8x2",
        "avx512-4x3",
        "avx512-12x2",
        "avx2-6x2",
        "avx2-4x2",
        "avx2-3x3",
        "avx2-2x4",
        "v128-6x2"
    })
    public String shape;

    EmbeddingSpace space;

    @Setup
    public void load() {
        System.setProperty("privtune.knn.shape", shape);
        EmbeddingSpace vocabulary = MiniLmDictionary.load();
        int dim = vocabulary.dim();
        space = EmbeddingSpace.fromArray("minilm-first-" + V, Arrays.copyOf(vocabulary.toArray(), V * dim), V, dim);
        String index = new CpuCosineIndex(space).toString();
        if (!index.contains("kernel " + shape + ",")) {
            throw new IllegalStateException("asked for kernel shape " + shape + " but the engine runs " + index
                    + " (was the engine loaded before this fork's setup?)");
        }
    }

    @Benchmark
    public KnnGraph graph() {
        return new CpuCosineIndex(space).graph(K, ProgressListener.NONE);
    }
}
