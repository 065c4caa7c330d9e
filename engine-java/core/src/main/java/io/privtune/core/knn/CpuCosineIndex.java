package io.privtune.core.knn;

import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;

/** The CPU backend's exact cosine index: Vector API micro-kernel with a fused top-k, on all cores. */
public final class CpuCosineIndex implements CosineIndex {
    private final EmbeddingSpace space;
    private final PackedDatabase database;

    public CpuCosineIndex(EmbeddingSpace space) {
        this(space, KernelShapes.DEFAULT);
    }

    /** With a given kernel shape instead of this JVM's: for the cross-tests of every shape. */
    CpuCosineIndex(EmbeddingSpace space, TopKKernel kernel) {
        this.space = space;
        this.database = PackedDatabase.of(space, kernel);
    }

    @Override
    public int rows() {
        return database.rows;
    }

    @Override
    public int dim() {
        return database.dim;
    }

    @Override
    public NeighbourLists search(float[] queries, int n, int k, ProgressListener progress) {
        CosineIndex.checkQueries(queries, n, dim());
        checkK(k, rows());
        return run(UnitRows.normalise(queries, n, dim(), padded(n)), n, k, -1, progress);
    }

    @Override
    public KnnGraph graph(int k, ProgressListener progress) {
        checkK(k, rows() - 1);
        return new KnnGraph(run(UnitRows.normalise(space, padded(rows())), rows(), k, 0, progress));
    }

    static void checkK(int k, int available) {
        if (k < 1 || k > available) {
            throw new IllegalArgumentException("k = " + k + " neighbours requested, but it must be in [1, " + available
                    + "] (k < V for a graph over V rows)");
        }
    }

    private int padded(int n) {
        return database.kernel.padded(n);
    }

    @Override
    public String toString() {
        return "CpuCosineIndex[" + space.name() + ", " + database + "]";
    }

    private NeighbourLists run(float[] unitQueries, int n, int k, int selfOffset, ProgressListener progress) {
        return BlockedSearch.run(unitQueries, n, k, database, selfOffset, progress);
    }
}
