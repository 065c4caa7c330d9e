package io.privtune.cuda.backend;

import io.privtune.core.backend.NoiseSolver;
import io.privtune.core.internal.opt.ConstrainedParameters;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.cuda.CudaDriver;
import io.privtune.cuda.KernelArguments;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * OPT-3 on the GPU ({@code privtune_opt3}: one warp per row, a single streaming pass) and OPT-2
 * ({@code privtune_opt2}: OPT-3's δ, then projected gradient with one block per token), the dictionary
 * and the graph uploaded once, on the first OPT-2 batch, and kept resident.
 */
final class CudaNoiseSolver implements NoiseSolver {
    private final CudaBackend backend;
    private final EmbeddingSpace dictionary;
    private final KnnGraph graph;
    private final int d;
    private final DeviceFloats residentDictionary = new DeviceFloats();
    private final DeviceFloats residentGraph = new DeviceFloats();
    private final DeviceFloats tokens = new DeviceFloats();
    private boolean uploaded;
    private final DeviceFloats h = new DeviceFloats();
    private final DeviceFloats c = new DeviceFloats();
    private final DeviceFloats delta = new DeviceFloats();

    CudaNoiseSolver(CudaBackend backend, EmbeddingSpace dictionary, KnnGraph graph) {
        this.backend = backend;
        this.dictionary = dictionary;
        this.graph = graph;
        this.d = dictionary.dim();
    }

    @Override
    public void closedForm(float[] hRows, float[] cRows, int n, float lambda, float kappa, float[] out) {
        io.privtune.core.internal.opt.NoiseParameters.checkRegularisation(lambda, kappa);
        io.privtune.core.internal.opt.NoiseParameters.checkRows(hRows, cRows, out, n, d);
        synchronized (backend) {
            backend.device().makeCurrent();
            StagedBatch batch = uploadRows(hRows, cRows, n, 0);
            launchOpt3(
                    backend.kernels(),
                    backend.device().stream(),
                    h.pointer(),
                    c.pointer(),
                    delta.pointer(),
                    n,
                    d,
                    lambda,
                    kappa);
            batch.download(delta.pointer(), out, 0, n * d).finish();
        }
    }

    @Override
    public void constrained(float[] hRows, float[] cRows, int[] tokenIds, int n, ConstrainedParameters p, float[] out) {
        io.privtune.core.internal.opt.NoiseParameters.checkRows(hRows, cRows, out, n, d);
        if (graph == null) {
            throw NoiseSolver.withoutGraph();
        }
        if (tokenIds.length != n) {
            throw new IllegalArgumentException(
                    "OPT-2 needs one token id per row: " + n + " rows, " + tokenIds.length + " ids");
        }
        if (graph.k() > 32) {
            throw new IllegalArgumentException(
                    "OPT-2 on the CUDA backend supports graphs with k <= 32, found " + graph.k());
        }
        for (int i = 0; i < n; i++) {
            if (tokenIds[i] < 0 || tokenIds[i] >= dictionary.rows()) {
                throw new IllegalArgumentException(
                        "row " + i + ": token id " + tokenIds[i] + " is outside [0, " + dictionary.rows() + ")");
            }
        }
        synchronized (backend) {
            backend.device().makeCurrent();
            MemorySegment stream = backend.device().stream();
            uploadResident();
            long tokenPointer = tokens.ensure(n);
            StagedBatch batch =
                    uploadRows(hRows, cRows, n, StagedBatch.bytes(n * 4L)).upload(tokenIds, 0, n, tokenPointer);
            launchOpt3(
                    backend.kernels(), stream, h.pointer(), c.pointer(), delta.pointer(), n, d, p.lambda(), p.kappa());
            int threads = 128;
            int k = graph.k();
            int shared = Double.BYTES + (6 * d + (k + 3) * threads) * Float.BYTES + 2 * (k + 1) * Integer.BYTES;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment args = new KernelArguments(arena, 14)
                        .pointer(h.pointer())
                        .pointer(c.pointer())
                        .pointer(tokens.pointer())
                        .pointer(residentDictionary.pointer())
                        .pointer(residentGraph.pointer())
                        .i32(k)
                        .i32(n)
                        .i32(d)
                        .f32(p.lambda())
                        .f32(p.kappa())
                        .f32(p.beta())
                        .f32(p.mu())
                        .i32(p.steps())
                        .pointer(delta.pointer())
                        .array();
                CudaDriver.cuLaunchKernel(
                        backend.kernels().function("privtune_opt2"), n, 1, 1, threads, 1, 1, shared, stream, args);
            }
            batch.download(delta.pointer(), out, 0, n * d).finish();
        }
    }

    /** A batch with h and c queued for upload and room for δ's download plus {@code extraBytes}; δ's buffer sized. */
    private StagedBatch uploadRows(float[] hRows, float[] cRows, int n, long extraBytes) {
        long elements = (long) n * d;
        long hPointer = h.ensure(elements), cPointer = c.ensure(elements);
        delta.ensure(elements);
        return backend.staging()
                .batch(backend.device().stream(), 3 * StagedBatch.bytes(elements * 4) + extraBytes)
                .upload(hRows, 0, (int) elements, hPointer)
                .upload(cRows, 0, (int) elements, cPointer);
    }

    /** {@code privtune_opt3} on n resident rows of width d: one warp per row, 8 warps per block. */
    static void launchOpt3(
            KernelModule kernels,
            MemorySegment stream,
            long h,
            long c,
            long delta,
            int n,
            int d,
            float lambda,
            float kappa) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment args = new KernelArguments(arena, 7)
                    .pointer(h)
                    .pointer(c)
                    .i32(n)
                    .i32(d)
                    .f32(1f / (1f + lambda))
                    .f32(kappa)
                    .pointer(delta)
                    .array();
            int warpsPerBlock = 8;
            CudaDriver.cuLaunchKernel(
                    kernels.function("privtune_opt3"),
                    (n + warpsPerBlock - 1) / warpsPerBlock,
                    1,
                    1,
                    32 * warpsPerBlock,
                    1,
                    1,
                    0,
                    stream,
                    args);
        }
    }

    private void uploadResident() {
        if (uploaded) {
            return;
        }
        float[] rows = dictionary.toArray();
        int[] neighbours = graph.lists().ids();
        long rowPointer = residentDictionary.ensure(rows.length),
                graphPointer = residentGraph.ensure(neighbours.length);
        backend.staging()
                .batch(
                        backend.device().stream(),
                        StagedBatch.bytes(rows.length * 4L) + StagedBatch.bytes(neighbours.length * 4L))
                .upload(rows, 0, rows.length, rowPointer)
                .upload(neighbours, 0, neighbours.length, graphPointer)
                .finish();
        uploaded = true;
    }
}
