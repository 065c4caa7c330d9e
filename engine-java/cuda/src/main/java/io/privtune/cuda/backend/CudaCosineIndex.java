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

/**
 * Exact cosine kNN on the GPU. The unit rows of R live in device memory; queries go in chunks of
 * {@value #CHUNK} rows: similarities of the chunk against all of R (cuBLAS SGEMM, or our tiled kernel),
 * then one block per row keeps its top k ({@code privtune_topk_rows}). Only chunk x V scores exist at a
 * time (about 500 MB for MiniLM), never V x V. For the graph the queries are R's own rows, already on
 * the device, and each row skips itself.
 */
final class CudaCosineIndex implements CosineIndex {
    static final int CHUNK = 4096;
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

    /** @param unitQueries null: the queries are the dictionary's own rows (graph), each excluding itself */
    private NeighbourLists run(int n, int k, int excludeBase, float[] unitQueries, ProgressListener progress) {
        int[] outIds = new int[n * k];
        float[] outSims = new float[n * k];
        synchronized (backend) {
            backend.device().makeCurrent();
            var stream = backend.device().stream();
            for (int start = 0; start < n; start += CHUNK) {
                int count = Math.min(CHUNK, n - start);
                long queryPointer = unitQueries == null
                        ? dictionary.pointer() + (long) start * dim * 4
                        : queries.ensure((long) count * dim);
                long scorePointer = scores.ensure((long) count * rows);
                long idPointer = ids.ensure((long) count * k);
                long simPointer = similarities.ensure((long) count * k);
                long staged = (unitQueries == null ? 0 : StagedBatch.bytes(count * dim * 4L))
                        + 2 * StagedBatch.bytes(count * k * 4L);
                StagedBatch batch = backend.staging().batch(stream, staged);
                if (unitQueries != null) {
                    batch.upload(unitQueries, start * dim, count * dim, queryPointer);
                }
                similaritiesOf(queryPointer, count, scorePointer);
                try (Arena arena = Arena.ofConfined()) {
                    KernelArguments args = new KernelArguments(arena, 7)
                            .pointer(scorePointer)
                            .i32(count)
                            .i32(rows)
                            .i32(k)
                            .i32(excludeBase < 0 ? -1 : excludeBase + start)
                            .pointer(idPointer)
                            .pointer(simPointer);
                    CudaDriver.cuLaunchKernel(
                            backend.kernels().function("privtune_topk_rows"),
                            count,
                            1,
                            1,
                            128,
                            1,
                            1,
                            0,
                            stream,
                            args.array());
                }
                batch.download(idPointer, outIds, start * k, count * k)
                        .download(simPointer, outSims, start * k, count * k)
                        .finish();
                progress.advance(start + count, n);
            }
        }
        return new NeighbourLists(n, k, outIds, outSims);
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
