package io.privtune.core.knn;

import io.privtune.core.progress.ProgressListener;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/** Runs the database's top-k kernel over blocks of query rows on all cores and gathers the per-row lists. */
final class BlockedSearch {
    /** Query rows per parallel task, about: rounded up to whole micro-tiles of the shape. */
    private static final int BLOCK_ROWS = 96;

    private BlockedSearch() {}

    /** {@code queries}: n rows (padded with zero rows to {@code database.kernel.padded(n)}), in the database's layout. */
    static NeighbourLists run(
            float[] queries, int n, int k, PackedDatabase database, int selfOffset, ProgressListener progress) {
        TopKKernel kernel = database.kernel;
        if (queries.length < (long) kernel.padded(n) * database.dim) {
            throw new IllegalArgumentException("kNN search: " + n + " queries must be padded to "
                    + kernel.padded(n) + " rows of " + database.dim + " for kernel " + kernel.name + ", found "
                    + queries.length + " floats");
        }
        int blockRows = kernel.padded(BLOCK_ROWS);
        int[] ids = new int[n * k];
        float[] scores = new float[n * k];
        int blocks = (n + blockRows - 1) / blockRows;
        AtomicLong done = new AtomicLong();
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int first = block * blockRows;
            int last = Math.min(n, first + blockRows);
            TopKRows top = new TopKRows(last - first, k);
            kernel.searchBlock(queries, first, last, database, top, selfOffset);
            top.copyTo(last - first, ids, scores, first);
            progress.advance(done.addAndGet(last - first), n);
        });
        return new NeighbourLists(n, k, ids, scores);
    }
}
