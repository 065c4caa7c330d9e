package io.privtune.cuda.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.backend.CpuBackend;
import io.privtune.core.internal.opt.ClosedFormSolver;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.knn.NeighbourLists;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.StreamAddresses;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.cuda.CudaDriver;
import io.privtune.cuda.CudaUnavailableException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GPU against CPU on the same inputs (issue 5's parity rules). Skipped cleanly where there is no CUDA GPU. */
class CudaParityTest {
    private static CudaBackend gpu;

    @BeforeAll
    static void open() {
        Assumptions.assumeTrue(CudaDriver.isAvailable(), () -> "skipped: " + CudaDriver.unavailableReason());
        try {
            gpu = CudaBackend.open();
        } catch (CudaUnavailableException e) {
            Assumptions.abort("skipped: " + e.getMessage());
        }
    }

    @AfterAll
    static void close() {
        if (gpu != null) {
            gpu.close();
        }
    }

    private static float[] gaussian(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    @Test
    void graphRowsMatchTheCpuBackendExceptForTies() {
        int rows = 5000, d = 96, k = 16;
        EmbeddingSpace space = EmbeddingSpace.fromArray("random", gaussian(rows * d, 1), rows, d);
        KnnGraph cpu = CpuBackend.INSTANCE.cosineIndex(space).graph(k, ProgressListener.NONE);
        KnnGraph cuda = gpu.cosineIndex(space).graph(k, ProgressListener.NONE);
        assertSameGraphExceptForTies(cpu, cuda, rows, k);
    }

    @Test
    void theTiledKernelGraphMatchesTheCpuBackend() {
        // neither rows nor d is a multiple of the 16 x 16 tiles: the edge tiles are exercised
        int rows = 1001, d = 72, k = 8;
        EmbeddingSpace space = EmbeddingSpace.fromArray("random", gaussian(rows * d, 11), rows, d);
        KnnGraph cpu = CpuBackend.INSTANCE.cosineIndex(space).graph(k, ProgressListener.NONE);
        try (CudaBackend tiled = CudaBackend.open(0, SimilarityGemm.TILED_KERNEL)) {
            assertTrue(tiled.name().contains("tiled kernel"), tiled.name());
            assertSameGraphExceptForTies(cpu, tiled.cosineIndex(space).graph(k, ProgressListener.NONE), rows, k);
        }
    }

    @Test
    void theTf32GraphIsTf32AndKeepsNearlyEveryNeighbour() {
        Assumptions.assumeTrue(io.privtune.cuda.Cublas.isAvailable(), "TF32 needs cuBLAS");
        int rows = 2000, d = 96, k = 16;
        EmbeddingSpace space = EmbeddingSpace.fromArray("random", gaussian(rows * d, 21), rows, d);
        KnnGraph cpu = CpuBackend.INSTANCE.cosineIndex(space).graph(k, ProgressListener.NONE);
        try (CudaBackend tf32 = CudaBackend.open(0, SimilarityGemm.CUBLAS_TF32)) {
            assertTrue(tf32.name().contains("TF32"), tf32.name());
            KnnGraph graph = tf32.cosineIndex(space).graph(k, ProgressListener.NONE);
            double largest = 0;
            int kept = 0;
            for (int v = 0; v < rows; v++) {
                java.util.Set<Integer> exact = new java.util.HashSet<>();
                for (int r = 0; r < k; r++) {
                    exact.add(cpu.neighbour(v, r));
                    largest = Math.max(largest, Math.abs(cpu.similarity(v, r) - graph.similarity(v, r)));
                }
                for (int r = 0; r < k; r++) {
                    kept += exact.contains(graph.neighbour(v, r)) ? 1 : 0;
                }
            }
            // FP32 paths agree to about 1e-6 (graphRowsMatchTheCpuBackendExceptForTies); TF32's 10-bit inputs
            // move similarities by about 1e-4: far more than FP32's rounding, far less than the neighbour gaps
            assertTrue(largest > 2e-5, "TF32 rounding shows in the similarities: largest difference " + largest);
            assertTrue(largest < 5e-3, "TF32 similarities stay near FP32's: largest difference " + largest);
            assertTrue(kept >= 0.97 * rows * k, "TF32 keeps nearly every neighbour: " + kept + " of " + rows * k);
        }
    }

    @Test
    void theCopyKernelThatBandwidthIsMeasuredAgainstCopies() {
        int floats = 4 * 10_001; // not a multiple of the block: the grid-stride tail is exercised
        float[] values = gaussian(floats, 22);
        gpu.device().makeCurrent();
        long bytes = (long) floats * Float.BYTES;
        long in = CudaDriver.cuMemAlloc(bytes), out = CudaDriver.cuMemAlloc(bytes);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment host = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_FLOAT, values);
            CudaDriver.cuMemcpyHtoD(in, host, bytes);
            KernelTimings.launchCopy(gpu, gpu.device().stream(), in, out, floats);
            gpu.device().synchronize();
            java.lang.foreign.MemorySegment back = arena.allocate(bytes, 16);
            CudaDriver.cuMemcpyDtoH(back, out, bytes);
            assertTrue(
                    java.util.Arrays.equals(values, back.toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT)),
                    "privtune_copy copies every float");
        } finally {
            CudaDriver.cuMemFree(in);
            CudaDriver.cuMemFree(out);
        }
        assertTrue(KernelTimings.copyMilliseconds(gpu, 64, 384, 2) > 0, "the copy is event-timed");
    }

    private static void assertSameGraphExceptForTies(KnnGraph cpu, KnnGraph cuda, int rows, int k) {
        int mismatches = 0;
        for (int v = 0; v < rows; v++) {
            for (int r = 0; r < k; r++) {
                assertEquals(cpu.similarity(v, r), cuda.similarity(v, r), 1e-4f, "row " + v + " rank " + r);
                if (cpu.neighbour(v, r) != cuda.neighbour(v, r)) {
                    mismatches++;
                    assertEquals(
                            cpu.similarity(v, r),
                            cuda.similarity(v, r),
                            1e-5f,
                            "an id may differ only where similarities tie");
                }
            }
            assertTrue(
                    java.util.Arrays.stream(cuda.lists().idsOf(v)).noneMatch(id -> id == -1),
                    "a full list for row " + v);
        }
        assertTrue(mismatches <= rows * k / 1000, "ties are rare in random data: " + mismatches);
    }

    @Test
    void queriesMatchTheCpuBackend() {
        int rows = 3000, d = 64, n = 700, k = 5;
        EmbeddingSpace space = EmbeddingSpace.fromArray("random", gaussian(rows * d, 2), rows, d);
        float[] queries = gaussian(n * d, 3);
        NeighbourLists cpu = CpuBackend.INSTANCE.cosineIndex(space).search(queries, n, k, ProgressListener.NONE);
        NeighbourLists cuda = gpu.cosineIndex(space).search(queries, n, k, ProgressListener.NONE);
        for (int q = 0; q < n; q++) {
            assertEquals(cpu.id(q, 0), cuda.id(q, 0), "query " + q);
            assertEquals(cpu.similarity(q, k - 1), cuda.similarity(q, k - 1), 1e-4f);
        }
    }

    @Test
    void exactTiesTheLargestKAndManyChunksAreListedAsTheCpuBackendListsThem() {
        // 20 rows and exact copies of them: every query meets exact ties, which go to the lower id; k = 32 fills
        // every lane of the warp lists; 300 queries in chunks of 64 take the pipeline through five chunks, so
        // each staging half is reused after its collection
        int distinct = 20, rows = 2 * distinct, d = 16, k = 32, n = 300;
        float[] base = gaussian(distinct * d, 31);
        float[] values = new float[rows * d];
        System.arraycopy(base, 0, values, 0, base.length);
        System.arraycopy(base, 0, values, base.length, base.length);
        EmbeddingSpace space = EmbeddingSpace.fromArray("duplicated", values, rows, d);
        float[] queries = gaussian(n * d, 32);
        NeighbourLists cpu = CpuBackend.INSTANCE.cosineIndex(space).search(queries, n, k, ProgressListener.NONE);
        NeighbourLists cuda = new CudaCosineIndex(gpu, space, 64).search(queries, n, k, ProgressListener.NONE);
        int ties = 0;
        for (int q = 0; q < n; q++) {
            for (int r = 0; r < k; r++) {
                assertEquals(cpu.similarity(q, r), cuda.similarity(q, r), 1e-5f, "query " + q + " rank " + r);
                assertTrue(cuda.id(q, r) >= 0, "a full list for query " + q);
                if (r + 1 < k && cuda.similarity(q, r) == cuda.similarity(q, r + 1)) {
                    ties++;
                    assertTrue(cuda.id(q, r) < cuda.id(q, r + 1), "an exact tie goes to the lower id: query " + q);
                }
            }
        }
        assertTrue(ties > n, "exact ties are exercised: " + ties);
    }

    @Test
    void opt3MatchesTheClosedFormSolver() {
        int n = 4096, d = 384;
        float[] h = gaussian(n * d, 4), c = gaussian(n * d, 5);
        float[] cpu = new float[n * d], cuda = new float[n * d];
        ClosedFormSolver.solve(h, c, n, d, 0.5f, 0.7f, cpu);
        EmbeddingSpace dictionary = EmbeddingSpace.fromArray("r", gaussian(32 * d, 6), 32, d);
        gpu.noiseSolver(dictionary, null).closedForm(h, c, n, 0.5f, 0.7f, cuda);
        for (int i = 0; i < cpu.length; i++) {
            assertEquals(cpu[i], cuda[i], 1e-5f + 1e-4f * Math.abs(cpu[i]), "element " + i);
        }
    }

    @Test
    void opt2ReachesTheCpuSolversObjective() {
        int vocabulary = 2000, d = 128, n = 600;
        EmbeddingSpace dictionary = EmbeddingSpace.fromArray("r", gaussian(vocabulary * d, 9), vocabulary, d);
        KnnGraph graph = CpuBackend.INSTANCE.cosineIndex(dictionary).graph(16, ProgressListener.NONE);
        float[] h = new float[n * d], c = new float[n * d];
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (i * 7) % vocabulary;
            int target = graph.neighbour(graph.neighbour(ids[i], 3), 5); // a 2-hop neighbour, as the mechanism picks
            System.arraycopy(dictionary.row(ids[i]), 0, h, i * d, d);
            System.arraycopy(dictionary.row(target), 0, c, i * d, d);
        }
        var p = new io.privtune.core.internal.opt.ConstrainedParameters(0.1f, 0.8f, 1f, 1f, 20);
        float[] cpu = new float[n * d], cuda = new float[n * d];
        io.privtune.core.internal.opt.ConstrainedSolver reference =
                new io.privtune.core.internal.opt.ConstrainedSolver(dictionary, graph);
        reference.solve(h, c, ids, n, p, cpu);
        gpu.noiseSolver(dictionary, graph).constrained(h, c, ids, n, p, cuda);
        for (int i = 0; i < n; i++) {
            double jCpu = reference.objective(h, c, ids[i], i * d, cpu, p);
            double jCuda = reference.objective(h, c, ids[i], i * d, cuda, p);
            assertTrue(
                    jCuda <= jCpu * 1.001 + 1e-3,
                    "row " + i + ": J = " + jCuda + " on the GPU, " + jCpu + " on the CPU");
            double norm = 0, cap = 0;
            for (int j = 0; j < d; j++) {
                norm += cuda[i * d + j] * cuda[i * d + j];
                cap += h[i * d + j] * h[i * d + j];
            }
            assertTrue(Math.sqrt(norm) <= 0.8 * Math.sqrt(cap) * (1 + 1e-4), "the cap holds on row " + i);
        }
    }

    @Test
    void everyCallWorksFromAThreadThatNeverMadeTheContextCurrent() throws Exception {
        // driver contexts are per thread: a mechanism may call from a pool or gRPC thread the backend has never seen
        int n = 40, d = 64;
        float[] h = gaussian(n * d, 12), c = gaussian(n * d, 13);
        EmbeddingSpace space = EmbeddingSpace.fromArray("random", gaussian(300 * d, 14), 300, d);
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            float[] perturbed = pool.submit(() -> gpu.dchiPerturb(
                            h, null, null, null, n, d, StreamAddresses.of(0, n), NoiseKey.researchSeed(3), 20))
                    .get();
            assertEquals(
                    CpuBackend.INSTANCE
                            .dchiPerturb(
                                    h, null, null, null, n, d, StreamAddresses.of(0, n), NoiseKey.researchSeed(3), 20)[
                            7],
                    perturbed[7],
                    1e-4f);
            float[] delta = new float[n * d], expected = new float[n * d];
            pool.submit(() -> gpu.noiseSolver(space, null).closedForm(h, c, n, 0f, 1f, delta))
                    .get();
            ClosedFormSolver.solve(h, c, n, d, 0f, 1f, expected);
            assertEquals(expected[5], delta[5], 1e-4f);
            NeighbourLists found = pool.submit(() -> gpu.cosineIndex(space).search(h, n, 3, ProgressListener.NONE))
                    .get();
            assertEquals(
                    CpuBackend.INSTANCE
                            .cosineIndex(space)
                            .search(h, n, 3, ProgressListener.NONE)
                            .id(9, 0),
                    found.id(9, 0));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void emptyAndBadBatchesAreAnsweredAsTheCpuBackendAnswersThem() {
        int d = 32;
        EmbeddingSpace space = EmbeddingSpace.fromArray("random", gaussian(50 * d, 15), 50, d);
        assertEquals(
                0,
                gpu.dchiPerturb(new float[0], null, null, null, 0, d, StreamAddresses.of(0, 0), NoiseKey.generate(), 10)
                        .length,
                "no tokens, nothing launched");
        float[] withNaN = gaussian(2 * d, 16);
        withNaN[d + 3] = Float.NaN;
        sameRefusal(
                () -> CpuBackend.INSTANCE.cosineIndex(space).search(new float[0], 0, 4, ProgressListener.NONE),
                () -> gpu.cosineIndex(space).search(new float[0], 0, 4, ProgressListener.NONE));
        sameRefusal(
                () -> CpuBackend.INSTANCE.cosineIndex(space).search(withNaN, 2, 4, ProgressListener.NONE),
                () -> gpu.cosineIndex(space).search(withNaN, 2, 4, ProgressListener.NONE));
        sameRefusal(
                () -> CpuBackend.INSTANCE
                        .noiseSolver(space, null)
                        .closedForm(new float[0], new float[0], 0, 0f, 1f, new float[0]),
                () -> gpu.noiseSolver(space, null).closedForm(new float[0], new float[0], 0, 0f, 1f, new float[0]));
        var p = new io.privtune.core.internal.opt.ConstrainedParameters(0.1f, 0.8f, 1f, 1f, 5);
        sameRefusal(
                () -> CpuBackend.INSTANCE
                        .noiseSolver(space, null)
                        .constrained(withNaN, withNaN, new int[2], 2, p, new float[2 * d]),
                () -> gpu.noiseSolver(space, null).constrained(withNaN, withNaN, new int[2], 2, p, new float[2 * d]));
        sameRefusal(
                () -> CpuBackend.INSTANCE.dchiPerturb(
                        withNaN, null, null, null, 2, d, StreamAddresses.of(0, 2), NoiseKey.generate(), -1),
                () -> gpu.dchiPerturb(
                        withNaN, null, null, null, 2, d, StreamAddresses.of(0, 2), NoiseKey.generate(), -1));
    }

    private static void sameRefusal(
            org.junit.jupiter.api.function.Executable cpu, org.junit.jupiter.api.function.Executable cuda) {
        String expected = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, cpu)
                .getMessage();
        assertEquals(
                expected,
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, cuda)
                        .getMessage());
    }

    @Test
    void dchiPerturbationMatchesTheCpuBackendUnderOneKey() {
        int n = 512, d = 384;
        NoiseKey key = NoiseKey.generate();
        long[] texts = new long[n];
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            texts[i] = 0x9e37_79b9_7f4a_7c15L * (i / 20 + 1); // 64-bit nonces: both words reach the kernel
            positions[i] = i % 20;
        }
        StreamAddresses indices = new StreamAddresses(texts, positions);
        double eta = 50;
        float[] h = gaussian(n * d, 7), delta = gaussian(n * d, 8);
        double[] scales = new double[n];
        boolean[] leave = new boolean[n];
        for (int i = 0; i < n; i++) {
            scales[i] =
                    (float) (0.3 + 0.7 * (i % 10) / 9.0); // exactly representable as float, as the kernel receives it
            leave[i] = i % 17 == 0;
        }
        float[] cpu = CpuBackend.INSTANCE.dchiPerturb(h, delta, scales, leave, n, d, indices, key, eta);
        float[] cuda = gpu.dchiPerturb(h, delta, scales, leave, n, d, indices, key, eta);
        for (int i = 0; i < n * d; i++) {
            if (leave[i / d]) {
                assertEquals(h[i], cuda[i], 0f, "tokens left alone pass through");
            } else {
                assertEquals(
                        cpu[i], cuda[i], 1e-4f * Math.max(1f, Math.abs(cpu[i])), "token " + i / d + ", dim " + i % d);
            }
        }
        float[] zeroMean = gpu.dchiPerturb(h, null, null, null, n, d, indices, key, eta);
        float[] zeroMeanCpu = CpuBackend.INSTANCE.dchiPerturb(h, null, null, null, n, d, indices, key, eta);
        assertEquals(
                zeroMeanCpu[12345],
                zeroMean[12345],
                1e-4f * Math.max(1f, Math.abs(zeroMeanCpu[12345])),
                "dchi without shift or scales");
        // the same streams, not merely the same distribution: another key moves every token far more than the tolerance
        float[] otherKey = gpu.dchiPerturb(h, null, null, null, n, d, indices, NoiseKey.generate(), eta);
        double apart = 0, within = 0;
        for (int i = 0; i < n * d; i++) {
            apart = Math.max(apart, Math.abs(otherKey[i] - zeroMeanCpu[i]));
            within = Math.max(within, Math.abs(zeroMean[i] - zeroMeanCpu[i]));
        }
        assertTrue(apart > 1000 * within, "other key " + apart + " vs same key " + within);
    }
}
