package io.privtune.bench.gpu;

import io.privtune.core.backend.NoiseSolver;
import io.privtune.core.internal.opt.ConstrainedParameters;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.cuda.backend.CudaBackend;
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
 * OPT-2 on one batch of {@link GpuFixture#TOKENS} tokens (tokens per second = batch / score): each
 * token's δ from OPT-3, then projected gradient against the token and its k graph neighbours, with the
 * engine's default λ, κ, β, μ, T, on a MiniLM-shaped dictionary whose graph stays resident on the GPU.
 * Targets are 2-hop neighbours, as the mechanism picks them; host arrays in and out, as a mechanism pays.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class CudaOpt2Benchmark {
    private static final ConstrainedParameters PARAMETERS =
            MechanismParameters.defaults().constrained();

    private CudaBackend backend;
    private NoiseSolver solver;
    private float[] h;
    private float[] c;
    private int[] ids;
    private float[] delta;

    @Setup(Level.Trial)
    public void setUp() {
        backend = GpuFixture.backend();
        EmbeddingSpace dictionary = GpuFixture.dictionary();
        KnnGraph graph = backend.cosineIndex(dictionary).graph(GpuFixture.K, ProgressListener.NONE);
        int n = GpuFixture.TOKENS, d = dictionary.dim();
        h = new float[n * d];
        c = new float[n * d];
        ids = new int[n];
        delta = new float[n * d];
        for (int i = 0; i < n; i++) {
            ids[i] = (int) ((i * 7919L) % dictionary.rows());
            int target = graph.neighbour(graph.neighbour(ids[i], i % GpuFixture.K), (i / 3) % GpuFixture.K);
            System.arraycopy(dictionary.row(ids[i]), 0, h, i * d, d);
            System.arraycopy(dictionary.row(target), 0, c, i * d, d);
        }
        solver = backend.noiseSolver(dictionary, graph);
    }

    @Benchmark
    public float[] opt2() {
        solver.constrained(h, c, ids, GpuFixture.TOKENS, PARAMETERS, delta);
        return delta;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }
}
