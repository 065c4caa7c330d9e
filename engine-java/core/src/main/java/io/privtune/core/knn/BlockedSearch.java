package io.privtune.core.knn;

import io.privtune.core.progress.ProgressListener;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/** Runs the top-k kernel over blocks of query rows on all cores and gathers the per-row lists. */
final class BlockedSearch {
    /** Query rows per parallel task: 16 micro-tile groups. */
    private static final int BLOCK_ROWS = 16 * DotProductTopKKernel.GROUP;

    private BlockedSearch() {}

    /** {@code queries}: n rows (padded with zero rows to a multiple of GROUP), in the database's layout. */
    static NeighbourLists run(
            float[] queries, int n, int k, PackedDatabase database, int selfOffset, ProgressListener progress) {
        int[] ids = new int[n * k];
        float[] scores = new float[n * k];
        int blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
        AtomicLong done = new AtomicLong();
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int first = block * BLOCK_ROWS;
            int last = Math.min(n, first + BLOCK_ROWS);
            TopKRows top = new TopKRows(last - first, k);
            DotProductTopKKernel.searchBlock(queries, first, last, database, top, selfOffset);
            top.copyTo(last - first, ids, scores, first);
            progress.advance(done.addAndGet(last - first), n);
        });
        return new NeighbourLists(n, k, ids, scores);
    }
}
