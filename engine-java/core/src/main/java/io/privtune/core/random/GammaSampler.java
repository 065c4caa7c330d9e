package io.privtune.core.random;

/** Gamma(shape, scale) by Marsaglia and Tsang (2000), in double precision, for shape >= 1. */
public final class GammaSampler {
    private GammaSampler() {}

    public static double sample(RandomStream stream, double shape, double scale) {
        if (!(shape >= 1) || !(scale > 0) || Double.isInfinite(shape) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(
                    "Gamma needs finite shape >= 1 and scale > 0, found shape " + shape + ", scale " + scale);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = stream.nextNormal();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = stream.nextUniform();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return d * v * scale;
            }
        }
    }
}
