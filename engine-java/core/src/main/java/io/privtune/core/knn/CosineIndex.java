package io.privtune.core.knn;

import io.privtune.core.progress.ProgressListener;

/**
 * Exact cosine-similarity search over a fixed set of rows (the dictionary R), held by a backend in
 * whatever layout suits it (packed panels on the CPU, resident device memory on a GPU).
 */
public interface CosineIndex {
    int rows();

    int dim();

    /** The k most similar rows to each of {@code n} query vectors (row-major, n x dim). */
    NeighbourLists search(float[] queries, int n, int k, ProgressListener progress);

    /** The kNN graph of the indexed rows themselves: each row's k most similar other rows. */
    KnnGraph graph(int k, ProgressListener progress);

    /** What every backend refuses before searching: no queries, a wrong length, a value that is not finite. */
    static void checkQueries(float[] queries, int n, int dim) {
        if (n <= 0) {
            throw new IllegalArgumentException("kNN search needs at least one query, found " + n);
        }
        if (queries.length != (long) n * dim) {
            throw new IllegalArgumentException("kNN search: expected " + n + " x " + dim + " = " + ((long) n * dim)
                    + " query floats, found " + queries.length);
        }
        for (int i = 0; i < queries.length; i++) {
            if (!Float.isFinite(queries[i])) {
                throw new IllegalArgumentException(
                        "kNN search: query " + (i / dim) + ", column " + (i % dim) + " is " + queries[i]);
            }
        }
    }
}
