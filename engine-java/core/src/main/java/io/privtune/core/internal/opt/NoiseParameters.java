package io.privtune.core.internal.opt;

/** Argument checks shared by the noise solvers, with messages that name the offending value. */
public final class NoiseParameters {
    private NoiseParameters() {}

    public static void checkRegularisation(float lambda, float kappa) {
        if (!(lambda >= 0) || Float.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number >= 0, found " + lambda);
        }
        if (!(kappa > 0) || Float.isInfinite(kappa)) {
            throw new IllegalArgumentException("kappa must be a finite number > 0, found " + kappa);
        }
    }

    public static void checkRows(float[] h, float[] c, float[] delta, int n, int d) {
        if (n <= 0 || d <= 0) {
            throw new IllegalArgumentException(
                    "noise optimisation needs n > 0 tokens of width d > 0, found n = " + n + ", d = " + d);
        }
        long expected = (long) n * d;
        if (h.length != expected || c.length != expected || delta.length != expected) {
            throw new IllegalArgumentException("noise optimisation of " + n + " x " + d + " expects " + expected
                    + " floats in h, c and delta, found " + h.length + ", " + c.length + ", " + delta.length);
        }
    }
}
