package io.privtune.split.deploy;

import io.privtune.split.text.Encoding;
import io.privtune.split.train.PrivateFineTuner;

import java.util.Arrays;
import java.util.List;

/**
 * The device's batches as a pure function of the sequence number: the rows of batch s (epoch order
 * shuffled from the seed, as PrivateFineTuner does) and the global index of its first real token, which
 * keys its noise. A resumed device regenerates exactly the batches the cloud has not applied.
 */
final class BatchPlan {
    private final int batchSize;
    private final int batchesPerEpoch;
    private final int[][] orders;
    private final long[] cursor;

    BatchPlan(List<Encoding> text, int batchSize, int epochs, long seed) {
        this.batchSize = batchSize;
        this.batchesPerEpoch = (text.size() + batchSize - 1) / batchSize;
        this.orders = new int[epochs][];
        for (int e = 0; e < epochs; e++) {
            orders[e] = PrivateFineTuner.shuffled(text.size(), seed * 31 + e);
        }
        int total = batchesPerEpoch * epochs;
        this.cursor = new long[total + 2];
        for (int s = 1; s <= total; s++) {
            long tokens = 0;
            for (int row : rows(s)) {
                tokens += text.get(row).length();
            }
            cursor[s + 1] = cursor[s] + tokens;
        }
    }

    long total() { return (long) batchesPerEpoch * orders.length; }

    /** The training rows of batch {@code sequence} (1-based over the whole run). */
    int[] rows(long sequence) {
        if (sequence < 1 || sequence > total()) {
            throw new IllegalArgumentException("batch " + sequence + " outside 1.." + total());
        }
        int epoch = (int) ((sequence - 1) / batchesPerEpoch);
        int b = (int) ((sequence - 1) % batchesPerEpoch);
        int[] order = orders[epoch];
        return Arrays.copyOfRange(order, b * batchSize, Math.min(order.length, (b + 1) * batchSize));
    }

    /** Global index of batch {@code sequence}'s first real token. */
    long tokenCursor(long sequence) {
        return cursor[(int) sequence];
    }
}
