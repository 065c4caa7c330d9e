package io.privtune.bench;

import io.privtune.core.backend.CpuBackend;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The exact kNN graph of the MiniLM vocabulary (V = 30522, d = 384, k = 16), all variants on the same
 * input, reported as microseconds per vocabulary row (lower is better):
 * <ul>
 *   <li>{@code engine}: this project's CPU backend (packing, normalisation, fused GEMM + top-k).</li>
 *   <li>{@code naiveScanSort}: per row, score every other row and sort — on 256 rows, per row.</li>
 *   <li>{@code pytorchMatmulTopK} / {@code pytorchMatmulOnly}: in {@link PyTorchKnnBenchmark}.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx8g"})
public class KnnGraphBenchmark {
    static final int K = 16;
    static final int V = 30522;
    static final int NAIVE_ROWS = 256;

    @State(Scope.Benchmark)
    public static class Dictionary {
        EmbeddingSpace space;
        float[] rows;

        @Setup
        public void load() {
            space = MiniLmDictionary.load();
            rows = space.toArray();
        }
    }

    @Benchmark
    @OperationsPerInvocation(V)
    public KnnGraph engine(Dictionary d) {
        return CpuBackend.INSTANCE.cosineIndex(d.space).graph(K, ProgressListener.NONE);
    }

    /** What a first implementation does: for each row, a full pass of cosine scores, then a sort. */
    @Benchmark
    @OperationsPerInvocation(NAIVE_ROWS)
    public int[] naiveScanSort(Dictionary d) {
        int dim = d.space.dim();
        float[] r = d.rows;
        double[] norms = new double[V];
        for (int v = 0; v < V; v++) {
            double s = 0;
            for (int j = 0; j < dim; j++) {
                s += r[v * dim + j] * r[v * dim + j];
            }
            norms[v] = Math.sqrt(s);
        }
        int[] out = new int[NAIVE_ROWS * K];
        long[] keyed = new long[V - 1];
        for (int q = 0; q < NAIVE_ROWS; q++) {
            int n = 0;
            for (int v = 0; v < V; v++) {
                if (v == q) {
                    continue;
                }
                float dot = 0;
                for (int j = 0; j < dim; j++) {
                    dot += r[q * dim + j] * r[v * dim + j];
                }
                float cos = (float) (dot / (norms[q] * norms[v]));
                // sortable key: descending similarity, then ascending id
                int bits = Float.floatToIntBits(cos);
                bits = bits < 0 ? ~bits : bits | 0x80000000;
                keyed[n++] = ((long) ~bits << 32) | v;
            }
            Arrays.sort(keyed);
            for (int i = 0; i < K; i++) {
                out[q * K + i] = (int) keyed[i];
            }
        }
        return out;
    }
}
