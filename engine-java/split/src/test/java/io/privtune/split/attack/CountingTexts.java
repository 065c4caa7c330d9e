package io.privtune.split.attack;

import java.util.SplittableRandom;

/**
 * Synthetic texts for the learned token attackers' tests: each text counts up by one (mod V) after a special row, and
 * half of its rows are pure noise. A per-token model can only guess those; a model that reads the neighbours knows them.
 */
public final class CountingTexts {
    public static final int V = 12;
    public static final int D = 8;
    public static final int LENGTH = 9; // [CLS] + 8 tokens
    public static final int SPECIAL = 100;

    private CountingTexts() {}

    /** A token's clean row: N(0, 4) per feature. */
    public static float[][] embedding(SplittableRandom random) {
        float[][] embedding = new float[V][D];
        for (float[] e : embedding) {
            for (int j = 0; j < D; j++) {
                e[j] = (float) random.nextGaussian() * 2;
            }
        }
        return embedding;
    }

    /** {@code texts} counting texts, each opened by a special row; rows of hidden tokens are N(0, 1) noise. */
    public static ContextualInversionAttack.Texts counting(int texts, float[][] embedding, SplittableRandom random) {
        float[] rows = new float[texts * LENGTH * D];
        int[] ids = new int[texts * LENGTH];
        boolean[] special = new boolean[texts * LENGTH];
        int[] offsets = new int[texts + 1];
        for (int s = 0; s < texts; s++) {
            offsets[s + 1] = offsets[s] + LENGTH;
            int start = random.nextInt(V);
            for (int t = 0; t < LENGTH; t++) {
                int row = s * LENGTH + t;
                special[row] = t == 0;
                ids[row] = t == 0 ? SPECIAL : (start + t) % V;
                boolean hidden = t > 0 && random.nextBoolean();
                for (int j = 0; j < D; j++) {
                    float noise = (float) random.nextGaussian();
                    rows[row * D + j] = hidden ? noise : (t == 0 ? 2f : embedding[ids[row]][j]) + 0.1f * noise;
                }
            }
        }
        return new ContextualInversionAttack.Texts(rows, ids, special, offsets, D);
    }
}
