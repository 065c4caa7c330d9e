package io.privtune.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DchiNoiseTest {
    private static final int D = 384;

    @Test
    void radiusFollowsGammaDOverEta() {
        double eta = 50;
        int n = 20_000;
        double sum = 0, sumSq = 0;
        float[] z = new float[D];
        for (int i = 0; i < n; i++) {
            DchiNoise.sample(NoiseKey.researchSeed(11), i, 0, eta, 1.0, z, 0, D);
            double r = norm(z);
            sum += r;
            sumSq += r * r;
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        double expectedMean = D / eta; // Gamma(d, 1/η): mean d/η
        double expectedVariance = D / (eta * eta); // variance d/η²
        assertEquals(expectedMean, mean, 5 * Math.sqrt(expectedVariance / n));
        // the sample variance of a near-normal variable has standard error ≈ σ²·sqrt(2/n)
        assertEquals(expectedVariance, variance, 5 * expectedVariance * Math.sqrt(2.0 / n));
    }

    @Test
    void gammaSamplerMatchesMeanAndVarianceForSmallShapes() {
        RandomStream s = new RandomStream(NoiseKey.researchSeed(5), 6, DrawPurpose.RADIUS);
        int n = 100_000;
        double shape = 2.5, scale = 0.7, sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++) {
            double g = GammaSampler.sample(s, shape, scale);
            sum += g;
            sumSq += g * g;
        }
        double mean = sum / n, variance = sumSq / n - mean * mean;
        assertEquals(shape * scale, mean, 5 * Math.sqrt(shape * scale * scale / n));
        assertEquals(shape * scale * scale, variance, 0.05 * shape * scale * scale);
        assertThrows(IllegalArgumentException.class, () -> GammaSampler.sample(s, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> GammaSampler.sample(s, 2, 0));
    }

    @Test
    void directionsAreUniformOnTheSphere() {
        int n = 20_000;
        double[] mean = new double[D];
        double[] second = new double[D];
        float[] z = new float[D];
        for (int i = 0; i < n; i++) {
            DchiNoise.sample(NoiseKey.researchSeed(3), i, 0, 1.0, 1.0, z, 0, D);
            double r = norm(z);
            for (int j = 0; j < D; j++) {
                double u = z[j] / r;
                mean[j] += u / n;
                second[j] += u * u / n;
            }
        }
        // each coordinate of a uniform unit vector: mean 0, variance 1/d
        double meanBound = 5 * Math.sqrt(1.0 / D / n);
        double varianceBound = 5 * Math.sqrt(2.0 / n) / D;
        int outside = 0;
        for (int j = 0; j < D; j++) {
            if (Math.abs(mean[j]) > meanBound || Math.abs(second[j] - 1.0 / D) > varianceBound) {
                outside++;
            }
        }
        assertEquals(0, outside, "coordinates outside 5-sigma bounds");
    }

    @Test
    void sameSeedSameNoiseOtherTokenOtherNoise() {
        float[] a = new float[D], b = new float[D], c = new float[D], e = new float[D];
        DchiNoise.sample(NoiseKey.researchSeed(99), 1234, 0, 10, 1.0, a, 0, D);
        DchiNoise.sample(NoiseKey.researchSeed(99), 1234, 0, 10, 1.0, b, 0, D);
        DchiNoise.sample(NoiseKey.researchSeed(99), 1235, 0, 10, 1.0, c, 0, D);
        DchiNoise.sample(NoiseKey.researchSeed(100), 1234, 0, 10, 1.0, e, 0, D);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
        assertFalse(java.util.Arrays.equals(a, e));
    }

    @Test
    void scaleMultipliesTheSample() {
        float[] one = new float[D], half = new float[D];
        DchiNoise.sample(NoiseKey.researchSeed(1), 2, 0, 10, 1.0, one, 0, D);
        DchiNoise.sample(NoiseKey.researchSeed(1), 2, 0, 10, 0.5, half, 0, D);
        for (int j = 0; j < D; j++) {
            assertEquals(one[j] * 0.5f, half[j], 1e-6f);
        }
    }

    static double norm(float[] z) {
        double s = 0;
        for (float v : z) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}
