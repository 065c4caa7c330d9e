package io.privtune.cuda.backend;

import io.privtune.core.backend.NoiseSolver;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.opt.ConstrainedParameters;
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
        io.privtune.core.opt.NoiseParameters.checkRegularisation(lambda, kappa);
        io.privtune.core.opt.NoiseParameters.checkRows(hRows, cRows, out, n, d);
        synchronized (backend) {
            backend.device().makeCurrent();
            uploadRows(hRows, cRows, n);
            launchOpt3(n, lambda, kappa);
            backend.staging().download(delta.pointer(), out, 0, n * d, backend.device().stream());
        }
    }

    @Override
    public void constrained(float[] hRows, float[] cRows, int[] tokenIds, int n, ConstrainedParameters p, float[] out) {
        io.privtune.core.opt.NoiseParameters.checkRows(hRows, cRows, out, n, d);
        if (graph == null || tokenIds.length != n) {
            throw new IllegalArgumentException("OPT-2 needs the kNN graph and one token id per row (" + n + " rows, " + tokenIds.length + " ids)");
        }
        if (graph.k() > 32) {
            throw new IllegalArgumentException("OPT-2 on the CUDA backend supports graphs with k <= 32, found " + graph.k());
        }
        for (int i = 0; i < n; i++) {
            if (tokenIds[i] < 0 || tokenIds[i] >= dictionary.rows()) {
                throw new IllegalArgumentException("row " + i + ": token id " + tokenIds[i] + " is outside [0, " + dictionary.rows() + ")");
            }
        }
        synchronized (backend) {
            backend.device().makeCurrent();
            MemorySegment stream = backend.device().stream();
            uploadResident();
            uploadRows(hRows, cRows, n);
            launchOpt3(n, p.lambda(), p.kappa());
            backend.staging().upload(tokenIds, 0, n, tokens.ensure(n), stream);
            int threads = 128;
            int k = graph.k();
            int shared = Double.BYTES + (6 * d + (k + 3) * threads) * Float.BYTES + 2 * (k + 1) * Integer.BYTES;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment args = new KernelArguments(arena, 14).pointer(h.pointer()).pointer(c.pointer()).pointer(tokens.pointer())
                        .pointer(residentDictionary.pointer()).pointer(residentGraph.pointer()).i32(k).i32(n).i32(d).f32(p.lambda())
                        .f32(p.kappa()).f32(p.beta()).f32(p.mu()).i32(p.steps()).pointer(delta.pointer()).array();
                CudaDriver.cuLaunchKernel(backend.kernels().function("privtune_opt2"), n, 1, 1, threads, 1, 1, shared, stream, args);
            }
            backend.staging().download(delta.pointer(), out, 0, n * d, stream);
        }
    }

    private void uploadRows(float[] hRows, float[] cRows, int n) {
        MemorySegment stream = backend.device().stream();
        long elements = (long) n * d;
        backend.staging().upload(hRows, 0, (int) elements, h.ensure(elements), stream);
        backend.staging().upload(cRows, 0, (int) elements, c.ensure(elements), stream);
        delta.ensure(elements);
    }

    private void launchOpt3(int n, float lambda, float kappa) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment args = new KernelArguments(arena, 7).pointer(h.pointer()).pointer(c.pointer()).i32(n).i32(d)
                    .f32(1f / (1f + lambda)).f32(kappa).pointer(delta.pointer()).array();
            int warpsPerBlock = 8;
            CudaDriver.cuLaunchKernel(backend.kernels().function("privtune_opt3"), (n + warpsPerBlock - 1) / warpsPerBlock, 1, 1,
                    32 * warpsPerBlock, 1, 1, 0, backend.device().stream(), args);
        }
    }

    private void uploadResident() {
        if (uploaded) {
            return;
        }
        MemorySegment stream = backend.device().stream();
        float[] rows = dictionary.toArray();
        backend.staging().upload(rows, 0, rows.length, residentDictionary.ensure(rows.length), stream);
        int[] neighbours = graph.lists().ids();
        backend.staging().upload(neighbours, 0, neighbours.length, residentGraph.ensure(neighbours.length), stream);
        uploaded = true;
    }
}
