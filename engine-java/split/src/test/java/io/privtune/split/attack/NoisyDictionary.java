package io.privtune.split.attack;

import java.util.Random;

/**
 * The fresh-noise tests' stand-in for a mechanism: a random dictionary of {@link #TOKENS} rows, and a release of a
 * token sequence is each token's row plus isotropic Gaussian noise. At {@link #NOISE}, nearest-row decoding of one
 * noisy row recovers about half of the tokens.
 */
final class NoisyDictionary {
    static final int TOKENS = 40;
    static final int DIM = 16;
    static final double NOISE = 1.1;

    private final float[] rows = gaussian(new Random(1), TOKENS * DIM, 1);

    /** One release of {@code tokens}: their rows plus noise drawn from {@code random}. */
    float[] noisy(int[] tokens, Random random) {
        float[] release = gaussian(random, tokens.length * DIM, NOISE);
        for (int i = 0; i < tokens.length; i++) {
            for (int j = 0; j < DIM; j++) {
                release[i * DIM + j] += rows[tokens[i] * DIM + j];
            }
        }
        return release;
    }

    private static float[] gaussian(Random random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (scale * random.nextGaussian());
        }
        return values;
    }
}
