package io.privtune.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's limits, measured beside the hot paths so that each can be stated as a share of its limit:
 * <ul>
 *   <li>{@code fmaPeak256}, {@code fmaPeak512}: floating-point operations per second of independent Vector
 *       API FMA chains on all threads (12 accumulators per thread: enough in flight to hide the FMA latency on
 *       two ports) at each vector width; the higher is the ceiling of the kNN graph's GEMM.</li>
 *   <li>{@code triad}: bytes per second of a STREAM triad a = b + s·c over arrays far larger than the
 *       caches, on all threads (12 bytes per element: two reads, one write), the ceiling of OPT-3 and the
 *       mechanism, which stream h and a target row per token.</li>
 * </ul>
 * Both report operations per second: FLOP/s and B/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(Threads.MAX)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class MachineLimitsBenchmark {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int FMA_STEPS = 1 << 16;
    static final int CHAINS = FmaChains.CHAINS;
    /** Floats each thread streams per invocation (64 MiB per array's worth), whatever its arrays' length. */
    static final int TRIAD_LENGTH = 1 << 24;
    /**
     * Each thread's array length: 2^24 floats (3 x 64 MiB) on a few cores, less on many (2^26 floats over all
     * threads, 768 MiB in all, never below 2^20 = 12 MiB per thread), so the fork's heap holds every thread's
     * arrays and the total still dwarfs any last-level cache. A power of two, so it divides TRIAD_LENGTH.
     */
    static final int TRIAD_ARRAY = Math.min(
            TRIAD_LENGTH,
            Math.max(
                    1 << 20,
                    Integer.highestOneBit((1 << 26) / Runtime.getRuntime().availableProcessors())));

    @State(Scope.Thread)
    public static class Operands {
        float[] a;
        float[] b;
        float[] c;

        @Setup
        public void fill() {
            a = new float[TRIAD_ARRAY];
            b = new float[TRIAD_ARRAY];
            c = new float[TRIAD_ARRAY];
            for (int i = 0; i < TRIAD_ARRAY; i++) {
                b[i] = i % 7;
                c[i] = i % 5;
            }
        }
    }

    // FmaChains has the loop, once per species (why: there)

    /** 256-bit vectors (AVX2's width; 16 registers there). */
    @Benchmark
    @OperationsPerInvocation(2 * CHAINS * FMA_STEPS * 8)
    public float fmaPeak256() {
        return FmaChains.chains256(FMA_STEPS);
    }

    /** 512-bit vectors (AVX-512's width; without AVX-512 the JIT cannot use them and this is slower). */
    @Benchmark
    @OperationsPerInvocation(2 * CHAINS * FMA_STEPS * 16)
    public float fmaPeak512() {
        return FmaChains.chains512(FMA_STEPS);
    }

    @Benchmark
    @OperationsPerInvocation(12 * TRIAD_LENGTH)
    public float triad(Operands o) {
        float s = 3f;
        int upper = SPECIES.loopBound(TRIAD_ARRAY);
        for (int pass = 0; pass < TRIAD_LENGTH / TRIAD_ARRAY; pass++) {
            for (int i = 0; i < upper; i += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, o.c, i)
                        .fma(FloatVector.broadcast(SPECIES, s), FloatVector.fromArray(SPECIES, o.b, i))
                        .intoArray(o.a, i);
            }
        }
        return o.a[TRIAD_ARRAY / 2];
    }
}
