package io.privtune.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.privtune.core.model.CacheDirectory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peer baseline for the kNN graph, PyTorch (CPU, through DJL) on the same dictionary and machine:
 * unit rows once, then per chunk of query rows {@code scores = Q · Rᵀ} and {@code topK(k + 1)} (k + 1
 * because each row finds itself) — what peer projects do. {@code pytorchMatmulOnly} is the same GEMM
 * without the top-k: the practical limit of this machine's BLAS. Microseconds per vocabulary row.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx8g"})
public class PyTorchKnnBenchmark {
    @State(Scope.Benchmark)
    public static class Torch {
        @Param({"4096"})
        int chunk;

        NDManager manager;
        NDArray unit;
        NDArray unitTransposed;

        @Setup
        public void load() {
            System.setProperty("ai.djl.offline", "true");
            if (System.getenv("DJL_CACHE_DIR") == null) {
                System.setProperty(
                        "DJL_CACHE_DIR", CacheDirectory.resolve("djl").toString());
            }
            float[] rows = MiniLmDictionary.load().toArray();
            manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
            NDArray r = manager.create(rows, new Shape(KnnGraphBenchmark.V, rows.length / KnnGraphBenchmark.V));
            unit = r.div(r.norm(new int[] {1}, true));
            unitTransposed = unit.transpose().duplicate();
        }

        @TearDown
        public void close() {
            manager.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(KnnGraphBenchmark.V)
    public float pytorchMatmulTopK(Torch t) {
        return scoreAllRows(t, true);
    }

    @Benchmark
    @OperationsPerInvocation(KnnGraphBenchmark.V)
    public float pytorchMatmulOnly(Torch t) {
        return scoreAllRows(t, false);
    }

    /** Chunk by chunk, scores = Q · Rᵀ, then (optionally) topK(k + 1) per row; returns a checksum so nothing is skipped. */
    private static float scoreAllRows(Torch t, boolean topK) {
        float checksum = 0;
        for (int start = 0; start < KnnGraphBenchmark.V; start += t.chunk) {
            try (NDManager scope = t.manager.newSubManager()) {
                NDArray queries = t.unit.get(start + ":" + Math.min(KnnGraphBenchmark.V, start + t.chunk));
                queries.attach(scope);
                NDArray scores = queries.matMul(t.unitTransposed);
                scores.attach(scope);
                if (topK) {
                    NDList top = scores.topK(KnnGraphBenchmark.K + 1, -1, true, true);
                    top.attach(scope);
                    checksum += top.get(1).toLongArray()[0];
                } else {
                    checksum += scores.getFloat(0, 0);
                }
            }
        }
        return checksum;
    }
}
