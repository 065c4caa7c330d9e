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
}
