package io.privtune.core.knn;

import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;

/**
 * Exact nearest rows by Euclidean distance, on the same kernel as the cosine index: with augmented rows
 * r' = [r, −‖r‖²/2] and queries q' = [q, 1], q'·r' = q·r − ‖r‖²/2 = (‖q‖² − ‖q − r‖²)/2, so the largest
 * inner product is the nearest row. Results carry −‖q − r‖² as their score (higher = closer).
 */
public final class CpuL2Index {
    private final int rows;
    private final int dim;
    private final PackedDatabase database;

    public CpuL2Index(EmbeddingSpace space) {
        this(space, KernelShapes.DEFAULT);
    }

    /** With a given kernel shape instead of this JVM's: for the cross-tests of every shape. */
    CpuL2Index(EmbeddingSpace space, TopKKernel kernel) {
        this.rows = space.rows();
        this.dim = space.dim();
        float[] values = space.toArray();
        float[] augmented = new float[rows * (dim + 1)];
        for (int r = 0; r < rows; r++) {
            double squared = 0;
            for (int j = 0; j < dim; j++) {
                float v = values[r * dim + j];
                augmented[r * (dim + 1) + j] = v;
                squared += (double) v * v;
            }
            augmented[r * (dim + 1) + dim] = (float) (-squared / 2);
        }
        this.database = PackedDatabase.pack(augmented, rows, dim + 1, kernel);
    }

    @Override
    public String toString() {
        return "CpuL2Index[" + database + "]";
    }

    public int rows() {
        return rows;
    }

    public int dim() {
        return dim;
    }

    /** The k nearest rows to each of {@code n} queries (n x dim, row-major). */
    public NeighbourLists search(float[] queries, int n, int k, ProgressListener progress) {
        if (n <= 0 || queries.length != (long) n * dim) {
            throw new IllegalArgumentException("L2 search: expected n > 0 queries of " + dim + " floats, found "
                    + queries.length + " floats for n = " + n);
        }
        CpuCosineIndex.checkK(k, rows);
        float[] augmented = new float[database.kernel.padded(n) * (dim + 1)];
        double[] squaredNorms = new double[n];
        for (int q = 0; q < n; q++) {
            for (int j = 0; j < dim; j++) {
                float v = queries[q * dim + j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("L2 search: query " + q + ", column " + j + " is " + v);
                }
                augmented[q * (dim + 1) + j] = v;
                squaredNorms[q] += (double) v * v;
            }
            augmented[q * (dim + 1) + dim] = 1f;
        }
        NeighbourLists raw = BlockedSearch.run(augmented, n, k, database, -1, progress);
        float[] negativeSquaredDistance = raw.similarities().clone();
        for (int q = 0; q < n; q++) {
            for (int i = 0; i < k; i++) {
                negativeSquaredDistance[q * k + i] = (float) (2.0 * raw.similarity(q, i) - squaredNorms[q]);
            }
        }
        return new NeighbourLists(n, k, raw.ids(), negativeSquaredDistance);
    }
}
