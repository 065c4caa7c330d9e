package io.privtune.core.testing;

import io.privtune.core.space.EmbeddingSpace;
import java.util.SplittableRandom;

/** Random test matrices (java.util randomness is fine in tests; the engine itself draws from ChaCha20 under a noise key). */
public final class RandomSpaces {
    private RandomSpaces() {}

    public static float[] gaussian(int rows, int dim, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[rows * dim];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) nextGaussian(random);
        }
        return values;
    }

    public static EmbeddingSpace space(int rows, int dim, long seed) {
        return EmbeddingSpace.fromArray("random-" + rows + "x" + dim, gaussian(rows, dim, seed), rows, dim);
    }

    public static double nextGaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
