package io.privtune.core.random;

/** Isotropic Gaussian noise N(0, σ² I_d), the `gaussian` baseline mechanism's noise. */
public final class GaussianNoise {
    private GaussianNoise() {}

    /** Writes N(0, σ²) noise for the token at ({@code text}, {@code position}) into {@code out[offset .. offset + d)}. */
    public static void sample(NoiseKey key, long text, int position, double sigma, float[] out, int offset, int d) {
        RandomStream stream = new RandomStream(key, text, position, DrawPurpose.GAUSSIAN_NOISE);
        for (int j = 0; j < d; j++) {
            out[offset + j] = (float) (sigma * stream.nextNormal());
        }
    }
}
