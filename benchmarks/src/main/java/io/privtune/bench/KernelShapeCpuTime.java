package io.privtune.bench;

import com.sun.management.OperatingSystemMXBean;
import io.privtune.core.knn.CpuCosineIndex;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

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
            float sink = wide ? FmaChains.chains512(FMA_STEPS) : FmaChains.chains256(FMA_STEPS);
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            int lanes = wide ? 16 : 8;
            System.out.printf(
                    "%s round %d: %.1f GFLOP per CPU-second (%s)%n",
                    which, round, 2.0 * FmaChains.CHAINS * FMA_STEPS * lanes / cpu / 1e9, sink);
        }
    }
}
