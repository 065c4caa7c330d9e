package io.privtune.core.internal.hop;

import io.privtune.core.random.DrawPurpose;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.RandomStream;
import io.privtune.core.space.EmbeddingSpace;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Turns a token's target candidates (its hop set, or the prediction-consistent part of it) into the target point c its representation is pulled toward (docs/DESIGN.md §3.3).
 * {@code member} and {@code weighted} draw from the TARGET stream of (noise key, token address), so
 * the same occurrence always gets the same target and different occurrences of one token differ.
 */
public final class TargetSelector {
    private final TargetCandidates candidates;
    private final float[] dictionary;
    private final int d;
    private final TargetMode mode;
    private final double temperature;
    private final AtomicReferenceArray<float[]> centroids;

    public TargetSelector(TargetCandidates candidates, EmbeddingSpace dictionary, TargetMode mode, double temperature) {
        if (candidates.vertices() != dictionary.rows()) {
            throw new IllegalArgumentException("target candidates cover " + candidates.vertices()
                    + " tokens but the dictionary has " + dictionary.rows() + " rows");
        }
        if (mode == TargetMode.WEIGHTED && !(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("weighted targets need a temperature T > 0, found " + temperature);
        }
        this.candidates = candidates;
        this.dictionary = dictionary.toArray();
        this.d = dictionary.dim();
        this.mode = mode;
        this.temperature = temperature;
        this.centroids = new AtomicReferenceArray<>(dictionary.rows());
    }

    public TargetMode mode() {
        return mode;
    }

    /** Writes the target of token {@code token} at ({@code text}, {@code position}) into out[offset ..]. */
    public void target(int token, long text, int position, NoiseKey key, float[] out, int offset) {
        int[] members = candidates.members(token);
        switch (mode) {
            case CENTROID -> System.arraycopy(centroid(token, members), 0, out, offset, d);
            case MEMBER -> {
                int pick = members[new RandomStream(key, text, position, DrawPurpose.TARGET).nextInt(members.length)];
                System.arraycopy(dictionary, pick * d, out, offset, d);
            }
            case WEIGHTED -> {
                int pick = weightedDraw(token, members, new RandomStream(key, text, position, DrawPurpose.TARGET));
                System.arraycopy(dictionary, pick * d, out, offset, d);
            }
        }
    }

    private float[] centroid(int token, int[] members) {
        float[] c = centroids.get(token);
        if (c == null) {
            double[] sum = new double[d];
            for (int v : members) {
                for (int j = 0; j < d; j++) {
                    sum[j] += dictionary[v * d + j];
                }
            }
            c = new float[d];
            for (int j = 0; j < d; j++) {
                c[j] = (float) (sum[j] / members.length);
            }
            centroids.compareAndSet(token, null, c);
        }
        return c;
    }

    private int weightedDraw(int token, int[] members, RandomStream random) {
        double[] logits = new double[members.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < members.length; i++) {
            logits[i] = cosine(token, members[i]) / temperature;
            max = Math.max(max, logits[i]);
        }
        double total = 0;
        for (int i = 0; i < members.length; i++) {
            logits[i] = Math.exp(logits[i] - max);
            total += logits[i];
        }
        double u = random.nextUniform() * total;
        for (int i = 0; i < members.length; i++) {
            u -= logits[i];
            if (u <= 0) {
                return members[i];
            }
        }
        return members[members.length - 1];
    }

    private double cosine(int a, int b) {
        double dot = 0, na = 0, nb = 0;
        for (int j = 0; j < d; j++) {
            double x = dictionary[a * d + j];
            double y = dictionary[b * d + j];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
