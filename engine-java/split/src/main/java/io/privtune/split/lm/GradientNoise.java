package io.privtune.split.lm;

import io.privtune.core.random.DrawPurpose;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.RandomStream;

/**
 * What the device does to the gradient it returns before it leaves: each position's row, in units of one token's
 * loss (the batch mean's gradient times the predicted tokens; the row also carries later positions' losses through
 * the tail's attention), is clipped to norm {@code clip} and
 * given Gaussian noise of standard deviation {@code sigma · clip} per coordinate, drawn from the device's key
 * (GRADIENT_NOISE streams at a keyed hash of the batch's token ids and the step: the same batch at the same step,
 * a resend, is the same message; any other batch or step draws fresh noise, even under a reused key). The row of a position is what tells the cloud which token it
 * was trained to predict; the cloud's weight gradient sums thousands of rows, so the noise averages out there
 * faster than in any one row. {@code sigma = 0} only clips; {@code clip = 0} turns it off.
 */
public record GradientNoise(double clip, double sigma) {
    public static final GradientNoise OFF = new GradientNoise(0, 0);

    public GradientNoise {
        if (!(clip >= 0) || !(sigma >= 0) || Double.isInfinite(clip) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException(
                    "gradient noise needs clip >= 0 and sigma >= 0, found " + clip + ", " + sigma);
        }
        if (sigma > 0 && clip == 0) {
            throw new IllegalArgumentException("gradient noise of sigma " + sigma + " needs a clip norm > 0");
        }
    }

    public boolean off() {
        return clip == 0;
    }

    /**
     * Clips and noises {@code gradient} (rows of {@code dim}) in place, rows scaled by {@code predicted} first and
     * back after; {@code nonce} addresses the random stream (see the class comment).
     */
    public void apply(float[] gradient, int dim, int predicted, NoiseKey key, long nonce) {
        if (off()) {
            return;
        }
        RandomStream stream = sigma > 0 ? new RandomStream(key, nonce, 0, DrawPurpose.GRADIENT_NOISE) : null;
        for (int row = 0; row < gradient.length / dim; row++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                double g = (double) gradient[row * dim + j] * predicted;
                norm += g * g;
            }
            double scale = Math.min(1, clip / Math.max(Math.sqrt(norm), 1e-30));
            for (int j = 0; j < dim; j++) {
                double g = gradient[row * dim + j] * predicted * scale;
                if (stream != null) {
                    g += sigma * clip * stream.nextNormal();
                }
                gradient[row * dim + j] = (float) (g / predicted);
            }
        }
    }
}
