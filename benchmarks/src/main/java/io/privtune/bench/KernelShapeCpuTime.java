package io.privtune.bench;

import com.sun.management.OperatingSystemMXBean;
import io.privtune.core.knn.CpuCosineIndex;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The kernel-shape comparison for a shared machine, where JMH's wall-clock times mostly measure the neighbours'
 * load: GFLOP per CPU-second of this process (the graph runs on all cores; CPU time counts only the time it
 * held one), beside the same figure for FMA chains on one thread, the per-core FMA limit.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*'
 * io.privtune.bench.KernelShapeCpuTime SHAPE [V] [graphs]} (the graph of the first V MiniLM rows, default 8000,
 * after 4 unmeasured graphs), or {@code fma512} / {@code fma256} for the limit.
 */
public final class KernelShapeCpuTime {
    private static final int FMA_STEPS = 1 << 24;
    private static final int CHAINS = 12;

    private KernelShapeCpuTime() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: KernelShapeCpuTime <shape | fma512 | fma256> [V] [graphs]");
            System.exit(2);
        }
        if (args[0].startsWith("fma")) {
            fmaLimit(args[0]);
            return;
        }
        System.setProperty("privtune.knn.shape", args[0]); // before the engine's classes load
        int v = args.length > 1 ? Integer.parseInt(args[1]) : 8000;
        int graphs = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        EmbeddingSpace vocabulary = MiniLmDictionary.load();
        int d = vocabulary.dim();
        EmbeddingSpace space =
                EmbeddingSpace.fromArray("minilm-first-" + v, Arrays.copyOf(vocabulary.toArray(), v * d), v, d);
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < 4; i++) {
            new CpuCosineIndex(space).graph(16, ProgressListener.NONE);
        }
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        for (int i = 0; i < graphs; i++) {
            new CpuCosineIndex(space).graph(16, ProgressListener.NONE);
        }
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9 / graphs;
        double wall = (System.nanoTime() - wall0) / 1e9 / graphs;
        System.out.printf(
                "%s: %.3f CPU-s, %.3f s wall per graph of %d rows -> %.1f GFLOP per CPU-second%n",
                new CpuCosineIndex(space), cpu, wall, v, 2.0 * v * v * d / cpu / 1e9);
    }

    /** Six rounds of 12 independent FMA chains on this thread, timed by its CPU time (the first two warm up). */
    private static void fmaLimit(String which) {
        var threads = ManagementFactory.getThreadMXBean();
        boolean wide = which.equals("fma512");
        for (int round = 0; round < 6; round++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            float sink = wide ? chains512() : chains256();
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            int lanes = wide ? 16 : 8;
            System.out.printf(
                    "%s round %d: %.1f GFLOP per CPU-second (%s)%n",
                    which, round, 2.0 * CHAINS * FMA_STEPS * lanes / cpu / 1e9, sink);
        }
    }

    // Two copies that differ in their species only: the Vector API compiles to vector instructions only where the
    // species is a constant at the call (as in MachineLimitsBenchmark).
    private static float chains512() {
        FloatVector x = FloatVector.broadcast(FloatVector.SPECIES_512, 0.999f);
        FloatVector y = FloatVector.broadcast(FloatVector.SPECIES_512, 1e-3f);
        FloatVector c0 = y, c1 = y, c2 = y, c3 = y, c4 = y, c5 = y;
        FloatVector c6 = y, c7 = y, c8 = y, c9 = y, c10 = y, c11 = y;
        for (int i = 0; i < FMA_STEPS; i++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        return c0.add(c1)
                .add(c2)
                .add(c3)
                .add(c4)
                .add(c5)
                .add(c6)
                .add(c7)
                .add(c8)
                .add(c9)
                .add(c10)
                .add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static float chains256() {
        FloatVector x = FloatVector.broadcast(FloatVector.SPECIES_256, 0.999f);
        FloatVector y = FloatVector.broadcast(FloatVector.SPECIES_256, 1e-3f);
        FloatVector c0 = y, c1 = y, c2 = y, c3 = y, c4 = y, c5 = y;
        FloatVector c6 = y, c7 = y, c8 = y, c9 = y, c10 = y, c11 = y;
        for (int i = 0; i < FMA_STEPS; i++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        return c0.add(c1)
                .add(c2)
                .add(c3)
                .add(c4)
                .add(c5)
                .add(c6)
                .add(c7)
                .add(c8)
                .add(c9)
                .add(c10)
                .add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
