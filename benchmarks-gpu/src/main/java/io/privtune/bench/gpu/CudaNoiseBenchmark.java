package io.privtune.bench.gpu;

import io.privtune.core.backend.NoiseSolver;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.cuda.backend.CudaBackend;
import java.util.SplittableRandom;
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
 * OPT-3 on one batch of {@link GpuFixture#TOKENS} tokens x 384 through the CUDA backend, host arrays in
 * and out (what a mechanism pays per batch). The kernel alone against memory bandwidth is
 * {@link Opt3Bandwidth}'s event-timed measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class CudaNoiseBenchmark {
    static final int TOKENS = GpuFixture.TOKENS;

    private CudaBackend backend;
    private NoiseSolver solver;
    private float[] h;
    private float[] c;
    private float[] delta;

    @Setup(Level.Trial)
    public void setUp() {
        backend = GpuFixture.backend();
        int d = GpuFixture.DIM;
        SplittableRandom random = new SplittableRandom(7);
        h = new float[TOKENS * d];
        c = new float[TOKENS * d];
        delta = new float[TOKENS * d];
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) random.nextGaussian();
            c[i] = (float) random.nextGaussian();
        }
        solver = backend.noiseSolver(EmbeddingSpace.fromArray("tiny", new float[2 * d], 2, d), null);
    }

    @Benchmark
    public float[] opt3RoundTrip() {
        solver.closedForm(h, c, TOKENS, 0f, 1f, delta);
        return delta;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }
}
