package io.privtune.split.model;

import io.privtune.core.mechanism.TokenBatch;
import io.privtune.split.text.Encoding;

import java.util.List;

/**
 * Texts pushed through the bottom model and flattened to tokens: what the device would perturb and
 * upload (representations, with attention importance when m &ge; 1), and what stays on the device (ids).
 * Text s owns tokens {@code offsets[s]} to {@code offsets[s + 1]}.
 */
public record EncodedCorpus(float[] representations, int[] ids, boolean[] special, float[] importance, int[] offsets, int dim) {
    private static final int BATCH = 64;

    public static EncodedCorpus of(List<Encoding> texts, BottomModel bottom) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no texts to encode");
        }
        int total = texts.stream().mapToInt(Encoding::length).sum();
        int d = bottom.shape().hidden();
        float[] reps = new float[total * d];
        int[] ids = new int[total];
        boolean[] special = new boolean[total];
        float[] importance = bottom.splitPoint() > 0 ? new float[total] : null;
        int[] offsets = new int[texts.size() + 1];
        int at = 0;
        for (int start = 0; start < texts.size(); start += BATCH) {
            List<Encoding> chunk = texts.subList(start, Math.min(texts.size(), start + BATCH));
            PaddedBatch batch = PaddedBatch.of(chunk);
            BottomModel.Output out = bottom.forward(batch);
            for (int s = 0; s < chunk.size(); s++) {
                Encoding e = chunk.get(s);
                int row = s * batch.length();
                offsets[start + s] = at;
                System.arraycopy(out.hidden(), row * d, reps, at * d, e.length() * d);
                System.arraycopy(e.ids(), 0, ids, at, e.length());
                System.arraycopy(e.special(), 0, special, at, e.length());
                if (importance != null) {
                    for (int i = 0; i < e.length(); i++) {
                        importance[at + i] = Math.min(1f, Math.max(0f, out.importance()[row + i]));
                    }
                }
                at += e.length();
            }
        }
        offsets[texts.size()] = at;
        return new EncodedCorpus(reps, ids, special, importance, offsets, d);
    }

    public int tokens() { return ids.length; }

    public int texts() { return offsets.length - 1; }

    /** All tokens as one mechanism batch whose randomness starts at global token index {@code firstTokenIndex}. */
    public TokenBatch asBatch(long firstTokenIndex) {
        return new TokenBatch(tokens(), dim, representations, ids, special, importance, firstTokenIndex);
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
            throw new IllegalArgumentException("expected " + representations.length + " floats (tokens x d), found " + uploaded.length);
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
