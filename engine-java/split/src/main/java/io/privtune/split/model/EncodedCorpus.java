package io.privtune.split.model;

import io.privtune.core.mechanism.TokenBatch;
import io.privtune.split.text.Encoding;
import java.util.ArrayList;
import java.util.List;

/**
 * Texts pushed through the bottom model and flattened to their real tokens (padding dropped): what the
 * device perturbs and uploads (representations, with attention importance when m &ge; 1), and what stays
 * on the device (ids). Text s owns rows {@code offsets[s]} to {@code offsets[s + 1]}. The one place the
 * bottom's padded output is unpadded: training, evaluation, export and the attack corpora all come here.
 */
public record EncodedCorpus(
        float[] representations, int[] ids, boolean[] special, float[] importance, int[] offsets, int dim) {
    private static final int BATCH = 64;

    /**
     * Texts are run through the bottom model padded to their length's bucket, the next multiple of this:
     * the bottom's output for a text depends on the padded length it is computed at (the attention's
     * reductions run over it) but not on its batch-mates (on PyTorch's CPU kernels, as UploadPathTest
     * checks), so a text's representation is the same bytes in whichever batch it travels (epochs, resends,
     * evaluation, the attack corpora), and padding costs at most BUCKET - 1 positions per text.
     */
    public static final int BUCKET = 16;

    static int bucket(int length) {
        return (length + BUCKET - 1) / BUCKET * BUCKET;
    }

    /** The bottom model's output for a padded batch, unpadded, each row computed at its bucket's length. */
    public static EncodedCorpus of(PaddedBatch batch, BottomModel bottom) {
        int d = bottom.shape().hidden();
        java.util.TreeMap<Integer, List<Integer>> groups = new java.util.TreeMap<>();
        for (int s = 0; s < batch.batch(); s++) {
            groups.computeIfAbsent(bucket(Math.max(1, batch.realLength(s))), k -> new ArrayList<>())
                    .add(s);
        }
        EncodedCorpus[] ofRow = new EncodedCorpus[batch.batch()];
        int[] indexInGroup = new int[batch.batch()];
        for (var group : groups.entrySet()) {
            int[] rows = group.getValue().stream().mapToInt(Integer::intValue).toArray();
            PaddedBatch part =
                    batch.select(rows, Math.min(group.getKey(), bottom.shape().maxSequence()));
            EncodedCorpus encoded = unpad(part, bottom.forward(part), d);
            for (int k = 0; k < rows.length; k++) {
                ofRow[rows[k]] = encoded;
                indexInGroup[rows[k]] = k;
            }
        }
        List<EncodedCorpus> singles = new ArrayList<>(batch.batch());
        for (int s = 0; s < batch.batch(); s++) {
            singles.add(ofRow[s].text(indexInGroup[s]));
        }
        return concat(singles);
    }

    /** Many texts, in order, as {@link #of(PaddedBatch, BottomModel)} computes each. */
    public static EncodedCorpus of(List<Encoding> texts, BottomModel bottom) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no texts to encode");
        }
        List<EncodedCorpus> parts = new ArrayList<>();
        for (int start = 0; start < texts.size(); start += BATCH) {
            parts.add(of(PaddedBatch.of(texts.subList(start, Math.min(texts.size(), start + BATCH))), bottom));
        }
        return concat(parts);
    }

    /** The real tokens of a padded batch, given the bottom model's output for exactly that batch. */
    private static EncodedCorpus unpad(PaddedBatch batch, BottomModel.Output out, int d) {
        int[] offsets = new int[batch.batch() + 1];
        for (int s = 0; s < batch.batch(); s++) {
            offsets[s + 1] = offsets[s] + batch.realLength(s);
        }
        int total = offsets[batch.batch()];
        float[] reps = new float[total * d];
        int[] ids = new int[total];
        boolean[] special = new boolean[total];
        float[] importance = out.importance() == null ? null : new float[total];
        for (int s = 0; s < batch.batch(); s++) {
            int row = s * batch.length();
            int at = offsets[s];
            int length = offsets[s + 1] - at;
            System.arraycopy(out.hidden(), row * d, reps, at * d, length * d);
            for (int i = 0; i < length; i++) {
                ids[at + i] = (int) batch.ids()[row + i];
                special[at + i] = batch.special()[row + i];
                if (importance != null) {
                    importance[at + i] = Math.min(1f, Math.max(0f, out.importance()[row + i]));
                }
            }
        }
        return new EncodedCorpus(reps, ids, special, importance, offsets, d);
    }

    /** Text {@code s} alone. */
    private EncodedCorpus text(int s) {
        int from = offsets[s];
        int to = offsets[s + 1];
        return new EncodedCorpus(
                java.util.Arrays.copyOfRange(representations, from * dim, to * dim),
                java.util.Arrays.copyOfRange(ids, from, to),
                java.util.Arrays.copyOfRange(special, from, to),
                importance == null ? null : java.util.Arrays.copyOfRange(importance, from, to),
                new int[] {0, to - from},
                dim);
    }

    /** The first {@code n} texts, or all of them when there are no more than {@code n}. */
    public EncodedCorpus firstTexts(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one text, found " + n);
        }
        if (n >= texts()) {
            return this;
        }
        int to = offsets[n];
        return new EncodedCorpus(
                java.util.Arrays.copyOf(representations, to * dim),
                java.util.Arrays.copyOf(ids, to),
                java.util.Arrays.copyOf(special, to),
                importance == null ? null : java.util.Arrays.copyOf(importance, to),
                java.util.Arrays.copyOf(offsets, n + 1),
                dim);
    }

    private static EncodedCorpus concat(List<EncodedCorpus> parts) {
        int d = parts.get(0).dim();
        int tokens = parts.stream().mapToInt(EncodedCorpus::tokens).sum();
        int texts = parts.stream().mapToInt(EncodedCorpus::texts).sum();
        boolean withImportance = parts.get(0).importance() != null;
        float[] reps = new float[tokens * d];
        int[] ids = new int[tokens];
        boolean[] special = new boolean[tokens];
        float[] importance = withImportance ? new float[tokens] : null;
        int[] offsets = new int[texts + 1];
        int at = 0, text = 0;
        for (EncodedCorpus p : parts) {
            System.arraycopy(p.representations(), 0, reps, at * d, p.tokens() * d);
            System.arraycopy(p.ids(), 0, ids, at, p.tokens());
            System.arraycopy(p.special(), 0, special, at, p.tokens());
            if (withImportance) {
                System.arraycopy(p.importance(), 0, importance, at, p.tokens());
            }
            for (int s = 0; s < p.texts(); s++) {
                offsets[text++] = at + p.offsets()[s];
            }
            at += p.tokens();
        }
        offsets[texts] = at;
        return new EncodedCorpus(reps, ids, special, importance, offsets, d);
    }

    /** All tokens as one mechanism batch; text s's tokens draw their noise at nonce {@code textNonces[s]}, positions 0, 1, ... */
    public TokenBatch asBatch(long[] textNonces) {
        if (textNonces.length != texts()) {
            throw new IllegalArgumentException(
                    "expected a stream nonce for each of " + texts() + " texts, found " + textNonces.length);
        }
        long[] text = new long[tokens()];
        int[] position = new int[tokens()];
        for (int s = 0; s < texts(); s++) {
            for (int t = offsets[s]; t < offsets[s + 1]; t++) {
                text[t] = textNonces[s];
                position[t] = t - offsets[s];
            }
        }
        return new TokenBatch(
                tokens(),
                dim,
                representations,
                ids,
                special,
                importance,
                new io.privtune.core.random.StreamAddresses(text, position));
    }

    public int tokens() {
        return ids.length;
    }

    public int texts() {
        return offsets.length - 1;
    }

    public int attackedTokens() {
        int n = 0;
        for (boolean s : special) {
            n += s ? 0 : 1;
        }
        return n;
    }

    /** Each text's mean over all its token rows of {@code uploaded} (texts x d): what a text-level attacker sees. */
    public float[] meanPooled(float[] uploaded) {
        if (uploaded.length != representations.length) {
            throw new IllegalArgumentException(
                    "expected " + representations.length + " floats (tokens x d), found " + uploaded.length);
        }
        float[] pooled = new float[texts() * dim];
        for (int s = 0; s < texts(); s++) {
            int count = offsets[s + 1] - offsets[s];
            for (int t = offsets[s]; t < offsets[s + 1]; t++) {
                for (int j = 0; j < dim; j++) {
                    pooled[s * dim + j] += uploaded[t * dim + j] / count;
                }
            }
        }
        return pooled;
    }

    /** Mean cos(uploaded_i, h_i) over non-special tokens: how much of each representation's direction survives. */
    public double meanCosine(float[] uploaded) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < ids.length; i++) {
            if (special[i]) {
                continue;
            }
            double dot = 0, a = 0, b = 0;
            for (int j = 0; j < dim; j++) {
                double x = uploaded[i * dim + j];
                double y = representations[i * dim + j];
                dot += x * y;
                a += x * x;
                b += y * y;
            }
            sum += dot / Math.sqrt(a * b);
            count++;
        }
        return sum / count;
    }

    public double meanNorm() {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < ids.length; i++) {
            if (!special[i]) {
                double s = 0;
                for (int j = 0; j < dim; j++) {
                    s += representations[i * dim + j] * representations[i * dim + j];
                }
                sum += Math.sqrt(s);
                count++;
            }
        }
        return sum / count;
    }
}
