package io.privtune.core.random;

/**
 * Zero-mean dχ-privacy noise, density ∝ exp(−η‖z‖) in R^d, sampled from its definition (docs/DESIGN.md §3.6):
 * a uniform direction g/‖g‖ with g ~ N(0, I_d), times a radius r ~ Gamma(d, 1/η), so E r = d/η.
 */
public final class DchiNoise {
    private DchiNoise() {}

    /** Writes {@code scale} · r · u for the token at ({@code text}, {@code position}) into {@code out[offset .. offset + d)}. */
    public static void sample(
            NoiseKey key, long text, int position, double eta, double scale, float[] out, int offset, int d) {
        double radius = GammaSampler.sample(new RandomStream(key, text, position, DrawPurpose.RADIUS), d, 1.0 / eta);
        RandomStream directions = new RandomStream(key, text, position, DrawPurpose.DIRECTION);
        double[] g = new double[d];
        double squared = 0;
        for (int j = 0; j < d; j++) {
            g[j] = directions.nextNormal();
            squared += g[j] * g[j];
        }
        double factor = scale * radius / Math.sqrt(squared);
        for (int j = 0; j < d; j++) {
            out[offset + j] = (float) (g[j] * factor);
        }
    }
}
