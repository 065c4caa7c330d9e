package io.privtune.cuda.backend;

import io.privtune.core.knn.CosineIndex;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.knn.NeighbourLists;
import io.privtune.core.knn.UnitRows;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.cuda.Cublas;
import io.privtune.cuda.CudaDriver;
import io.privtune.cuda.KernelArguments;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Exact cosine kNN on the GPU. The unit rows of R live in device memory; queries go in chunks of
 * {@value #CHUNK} rows: similarities of the chunk against all of R (cuBLAS SGEMM, or our tiled kernel),
 * then one block per row keeps its top k ({@code privtune_topk_rows}). Only chunk x V scores exist at a
 * time (about 500 MB for MiniLM), never V x V. For the graph the queries are R's own rows, already on
 * the device, and each row skips itself.
 */
final class CudaCosineIndex implements CosineIndex {
    static final int CHUNK = 4096;
    private final int chunkRows;
    private static final int MAX_K = 32;

    private final CudaBackend backend;
    private final int rows;
    private final int dim;
    private final DeviceFloats dictionary = new DeviceFloats();
    private final DeviceFloats queries = new DeviceFloats();
    private final DeviceFloats scores = new DeviceFloats();
    private final DeviceFloats ids = new DeviceFloats();
    private final DeviceFloats similarities = new DeviceFloats();

    CudaCosineIndex(CudaBackend backend, EmbeddingSpace space) {
        this(backend, space, CHUNK);
    }

    /** @param chunkRows query rows per chunk: {@value #CHUNK}, or fewer in tests that need many chunks on little data */
    CudaCosineIndex(CudaBackend backend, EmbeddingSpace space, int chunkRows) {
        this.chunkRows = chunkRows;
        this.backend = backend;
        this.rows = space.rows();
        this.dim = space.dim();
        synchronized (backend) {
            backend.device().makeCurrent();
            float[] unit = UnitRows.normalise(space, rows);
            long device = dictionary.ensure((long) rows * dim);
            backend.staging()
                    .batch(backend.device().stream(), StagedBatch.bytes(unit.length * 4L))
                    .upload(unit, 0, unit.length, device)
                    .finish();
        }
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public NeighbourLists search(float[] queryRows, int n, int k, ProgressListener progress) {
        CosineIndex.checkQueries(queryRows, n, dim);
        check(k, rows);
        float[] unit = UnitRows.normalise(queryRows, n, dim, n);
        return run(n, k, -1, unit, progress);
    }

    @Override
    public KnnGraph graph(int k, ProgressListener progress) {
        check(k, rows - 1);
        return new KnnGraph(run(rows, k, 0, null, progress));
    }

    /**
     * Chunk after chunk: GEMM, top-k and the download of each chunk's lists are queued on the one stream, and
     * the host collects chunk c - 1 only after chunk c is queued, so the GPU never waits for the host between
     * chunks (the first H200 run lost 3.7 of the graph's 21 ms to that wait). Two staging halves alternate:
     * chunk c + 1 reuses chunk c - 1's half, which has been collected by then. Device buffers are shared by all
     * chunks: the stream's order keeps chunk c + 1 from overwriting them before chunk c's download has run.
     *
     * @param unitQueries null: the queries are the dictionary's own rows (graph), each excluding itself
     */
    private NeighbourLists run(int n, int k, int excludeBase, float[] unitQueries, ProgressListener progress) {
        int[] outIds = new int[n * k];
        float[] outSims = new float[n * k];
        synchronized (backend) {
            backend.device().makeCurrent();
            var stream = backend.device().stream();
            int largest = Math.min(chunkRows, n);
            long queryPointer = unitQueries == null ? 0 : queries.ensure((long) largest * dim);
            long scorePointer = scores.ensure((long) largest * rows);
            long idPointer = ids.ensure((long) largest * k);
            long simPointer = similarities.ensure((long) largest * k);
            long staged = (unitQueries == null ? 0 : StagedBatch.bytes(largest * dim * 4L))
                    + 2 * StagedBatch.bytes(largest * k * 4L);
            StagedBatch[] halves = backend.staging().halves(stream, staged);
            try {
                int previousEnd = 0;
                for (int start = 0, chunk = 0; start < n; start += chunkRows, chunk++) {
                    int count = Math.min(chunkRows, n - start);
                    StagedBatch batch = halves[chunk % 2];
                    long chunkQueries =
                            unitQueries == null ? dictionary.pointer() + (long) start * dim * 4 : queryPointer;
                    if (unitQueries != null) {
                        batch.upload(unitQueries, start * dim, count * dim, queryPointer);
                    }
                    similaritiesOf(chunkQueries, count, scorePointer);
                    launchTopk(
                            backend,
                            stream,
                            scorePointer,
                            count,
                            rows,
                            k,
                            excludeBase < 0 ? -1 : excludeBase + start,
                            idPointer,
                            simPointer);
                    batch.download(idPointer, outIds, start * k, count * k)
                            .download(simPointer, outSims, start * k, count * k)
                            .seal();
                    if (chunk > 0) {
                        halves[(chunk - 1) % 2].finish();
                        progress.advance(previousEnd, n);
                    }
                    previousEnd = start + count;
                }
                halves[((n - 1) / chunkRows) % 2].finish();
            } catch (RuntimeException | Error e) {
                // a failed call leaves copies queued into the staging halves: let them land before anything reuses them
                for (StagedBatch half : halves) {
                    half.abandon();
                }
                throw e;
            }
            progress.advance(n, n);
        }
        return new NeighbourLists(n, k, outIds, outSims);
    }

    /** Queues {@code privtune_topk_rows}: one block of 4 warps (the kernel's kTopkWarps) per score row. */
    static void launchTopk(
            CudaBackend backend,
            MemorySegment stream,
            long scorePointer,
            int count,
            int vocab,
            int k,
            int excludeBase,
            long idPointer,
            long simPointer) {
        try (Arena arena = Arena.ofConfined()) {
            KernelArguments args = new KernelArguments(arena, 7)
                    .pointer(scorePointer)
                    .i32(count)
                    .i32(vocab)
                    .i32(k)
                    .i32(excludeBase)
                    .pointer(idPointer)
                    .pointer(simPointer);
            CudaDriver.cuLaunchKernel(
                    backend.kernels().function("privtune_topk_rows"), count, 1, 1, 128, 1, 1, 0, stream, args.array());
        }
    }

    /** scores (row-major count x V) = Q · Rᵀ, i.e. column-major V x count = R · Qᵀ in cuBLAS's terms. */
    private void similaritiesOf(long queryPointer, int count, long scorePointer) {
        var stream = backend.device().stream();
        if (backend.cublas() != null) {
            Cublas.cublasGemmEx(
                    backend.cublas(),
                    Cublas.CUBLAS_OP_T,
                    Cublas.CUBLAS_OP_N,
                    rows,
                    count,
                    dim,
                    1f,
                    dictionary.pointer(),
                    dim,
                    queryPointer,
                    dim,
                    0f,
                    scorePointer,
                    rows,
                    backend.gemmComputeType());
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            KernelArguments args = new KernelArguments(arena, 6)
                    .pointer(queryPointer)
                    .pointer(dictionary.pointer())
                    .i32(count)
                    .i32(rows)
                    .i32(dim)
                    .pointer(scorePointer);
            CudaDriver.cuLaunchKernel(
                    backend.kernels().function("privtune_scores_tiled"),
                    (rows + 15) / 16,
                    (count + 15) / 16,
                    1,
                    16,
                    16,
                    1,
                    0,
                    stream,
                    args.array());
        }
    }

    private static void check(int k, int available) {
        if (k < 1 || k > MAX_K || k > available) {
            throw new IllegalArgumentException(
                    "k must be in [1, " + Math.min(MAX_K, available) + "] on the CUDA backend, found " + k);
        }
    }
}
