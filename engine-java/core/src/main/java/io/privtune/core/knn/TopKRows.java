package io.privtune.core.knn;

import java.util.Arrays;

/**
 * Streaming top-k for a block of query rows: each row keeps its best k (similarity, id) pairs sorted
 * by similarity descending. Candidates of a row arrive in increasing id order, so a candidate that
 * only ties the current k-th similarity loses (the earlier, lower id stays): the result is exactly
 * "sort by (similarity desc, id asc), take k", whatever the blocking or thread count.
 */
final class TopKRows {
    private final int k;
    private final float[] sims;
    private final int[] ids;
    private final int[] counts;
    /** The similarity a candidate must exceed to enter row r; -inf until the row holds k entries. */
    final float[] threshold;

    TopKRows(int rows, int k) {
        this.k = k;
        this.sims = new float[rows * k];
        this.ids = new int[rows * k];
        this.counts = new int[rows];
        this.threshold = new float[rows];
        Arrays.fill(threshold, Float.NEGATIVE_INFINITY);
    }

    void offer(int row, float sim, int id) {
        if (!(sim > threshold[row])) {
            return;
        }
        int base = row * k;
        int count = counts[row];
        int pos = count < k ? count : k - 1;
        while (pos > 0 && sims[base + pos - 1] < sim) {
            sims[base + pos] = sims[base + pos - 1];
            ids[base + pos] = ids[base + pos - 1];
            pos--;
        }
        sims[base + pos] = sim;
        ids[base + pos] = id;
        if (count < k) {
            counts[row] = ++count;
        }
        if (count == k) {
            threshold[row] = sims[base + k - 1];
        }
    }

    /** Copies the rows into {@code outIds/outSims} starting at output row {@code firstRow}. */
    void copyTo(int rows, int[] outIds, float[] outSims, int firstRow) {
        for (int r = 0; r < rows; r++) {
            if (counts[r] != k) {
                throw new IllegalStateException(
                        "row " + (firstRow + r) + " found " + counts[r] + " of " + k + " neighbours");
            }
        }
        System.arraycopy(ids, 0, outIds, firstRow * k, rows * k);
        System.arraycopy(sims, 0, outSims, firstRow * k, rows * k);
    }
}
