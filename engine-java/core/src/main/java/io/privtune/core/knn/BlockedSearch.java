package io.privtune.core.knn;

import io.privtune.core.progress.ProgressListener;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Runs the database's top-k kernel over blocks of query rows on all cores and gathers the per-row lists.
 *
 * <p>Each block streams the whole packed database once (47 MB for MiniLM's vocabulary, beyond the caches), so
 * the larger a block, the more query rows share each panel fetched from memory: on a 2-core Zen 5 the graph ran
 * about 13 % faster with blocks of 384–768 rows than with 96 (benchmarks/results/2026-12-04-knn-blocks.md). Blocks are
 * still small enough that every core gets several, and the cores take them from one counter, so none waits on a
 * share decided in advance.
 */
final class BlockedSearch {
    /** The largest block of query rows; beyond it the gain stops (measured up to 1 536). */
    static final int MAX_BLOCK_ROWS = 512;
    /** Blocks per core at least, so the last block leaves a core idle only briefly. */
    private static final int BLOCKS_PER_CORE = 8;

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
        int cores = ForkJoinPool.getCommonPoolParallelism() + 1; // a parallel stream's caller works too
        return run(queries, n, k, database, selfOffset, progress, cores, blockRows(n, cores, kernel));
    }

    /** The same with the blocking given: for the tests that the lists do not depend on it. */
    static NeighbourLists run(
            float[] queries,
            int n,
            int k,
            PackedDatabase database,
            int selfOffset,
            ProgressListener progress,
            int cores,
            int blockRows) {
        TopKKernel kernel = database.kernel;
        int[] ids = new int[n * k];
        float[] scores = new float[n * k];
        int blocks = (n + blockRows - 1) / blockRows;
        AtomicInteger next = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        IntStream.range(0, Math.min(cores, blocks)).parallel().forEach(worker -> {
            for (int block = next.getAndIncrement(); block < blocks; block = next.getAndIncrement()) {
                int first = block * blockRows;
                int last = Math.min(n, first + blockRows);
                TopKRows top = new TopKRows(last - first, k);
                kernel.searchBlock(queries, first, last, database, top, selfOffset);
                top.copyTo(last - first, ids, scores, first);
                progress.advance(done.addAndGet(last - first), n);
            }
        });
        return new NeighbourLists(n, k, ids, scores);
    }

    /** Rows per block for n queries on {@code cores}: whole micro-tiles, at most {@link #MAX_BLOCK_ROWS}. */
    static int blockRows(int n, int cores, TopKKernel kernel) {
        int perCore = (n + cores * BLOCKS_PER_CORE - 1) / (cores * BLOCKS_PER_CORE);
        return kernel.padded(Math.max(1, Math.min(MAX_BLOCK_ROWS, perCore)));
    }
}
