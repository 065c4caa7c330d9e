package io.privtune.split.train;

import io.privtune.core.random.DrawPurpose;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.RandomStream;
import io.privtune.split.text.Encoding;
import java.util.Arrays;
import java.util.List;

/**
 * The training batches as a pure function of the sequence number, for the in-process tuner and the
 * networked device alike: the rows of batch s (each epoch's order drawn from the noise key's BATCH_ORDER
 * stream, so nothing public orders or links the uploads) and its noise release (0 in every epoch by
 * default; the epoch number under fresh per-epoch noise). A resumed run regenerates exactly the batches
 * not yet applied.
 */
public final class BatchPlan {
    private final int batchSize;
    private final int batchesPerEpoch;
    private final int[][] orders;
    private final NoiseSettings.EpochNoise epochNoise;

    public BatchPlan(
            List<Encoding> text, int batchSize, int epochs, NoiseKey key, NoiseSettings.EpochNoise epochNoise) {
        this(text.size(), batchSize, epochs, key, epochNoise);
    }

    /** The plan for {@code texts} training texts (rows 0..texts − 1). */
    public BatchPlan(int texts, int batchSize, int epochs, NoiseKey key, NoiseSettings.EpochNoise epochNoise) {
        if (texts < 1) {
            throw new IllegalArgumentException("no training texts");
        }
        this.batchSize = batchSize;
        this.batchesPerEpoch = (texts + batchSize - 1) / batchSize;
        this.orders = new int[epochs][];
        this.epochNoise = epochNoise;
        for (int e = 0; e < epochs; e++) {
            orders[e] = new RandomStream(key, e, DrawPurpose.BATCH_ORDER).permutation(texts);
        }
    }

    public long total() {
        return (long) batchesPerEpoch * orders.length;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** The training rows of batch {@code sequence} (1-based over the whole run). */
    public int[] rows(long sequence) {
        check(sequence);
        int[] order = orders[epoch(sequence)];
        int b = (int) ((sequence - 1) % batchesPerEpoch);
        return Arrays.copyOfRange(order, b * batchSize, Math.min(order.length, (b + 1) * batchSize));
    }

    /** The noise release of batch {@code sequence}: 0 (the same upload every epoch), or epoch + 1 under fresh noise. */
    public int release(long sequence) {
        return epochNoise == NoiseSettings.EpochNoise.FRESH ? epoch(sequence) + 1 : 0;
    }

    /** The 0-based epoch of batch {@code sequence}. */
    public int epoch(long sequence) {
        check(sequence);
        return (int) ((sequence - 1) / batchesPerEpoch);
    }

    private void check(long sequence) {
        if (sequence < 1 || sequence > total()) {
            throw new IllegalArgumentException("batch " + sequence + " outside 1.." + total());
        }
    }
}
