package io.privtune.core.internal.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.testing.RandomSpaces;
import org.junit.jupiter.api.Test;

class ClosedFormSolverTest {
    private static final int N = 300, D = 37;

    @Test
    void uncappedSolutionIsTheAnalyticMinimiser() {
        float[] h = RandomSpaces.gaussian(N, D, 1);
        float[] c = RandomSpaces.gaussian(N, D, 2);
        float[] delta = new float[N * D];
        float lambda = 0.5f;
        ClosedFormSolver.solve(h, c, N, D, lambda, 1000f, delta);
        for (int i = 0; i < N * D; i++) {
            assertEquals((c[i] - h[i]) / (1 + lambda), delta[i], 1e-5f);
        }
        // and it is a minimiser: the gradient 2(h + δ − c) + 2λδ vanishes
        for (int i = 0; i < N * D; i++) {
            assertEquals(0, 2 * (h[i] + delta[i] - c[i]) + 2 * lambda * delta[i], 1e-4f);
        }
    }

    @Test
    void rowKernelsGiveTheSameBitsInterpretedAndCompiled() {
        // the first calls run interpreted, the last ones JIT-compiled: a reduction in an unspecified lane order
        // (FloatVector.reduceLanes) gave other bits after compilation, so a resent batch was not the same upload
        int d = 384;
        float[] h = RandomSpaces.gaussian(1, d, 5);
        float[] c = RandomSpaces.gaussian(1, d, 6);
        float[] first = new float[d];
        VectorMath.cappedScaledDifference(c, h, 0, 0.7f, 0.6f, first, d);
        float firstNorm = VectorMath.squaredNorm(h, 0, d);
        float firstDistance = VectorMath.squaredDistance(h, 0, c, 0, d);
        float[] later = new float[d];
        for (int run = 0; run < 200_000; run++) {
            VectorMath.cappedScaledDifference(c, h, 0, 0.7f, 0.6f, later, d);
            assertEquals(firstNorm, VectorMath.squaredNorm(h, 0, d), 0f);
            assertEquals(firstDistance, VectorMath.squaredDistance(h, 0, c, 0, d), 0f);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(first, later, 0f);
    }

    @Test
    void capHoldsAndKeepsTheDirection() {
        float[] h = RandomSpaces.gaussian(N, D, 3);
        float[] c = RandomSpaces.gaussian(N, D, 4);
        for (int i = 0; i < c.length; i++) {
            c[i] *= 10; // targets far away, so the cap binds
        }
        float kappa = 0.5f;
        float[] delta = new float[N * D];
        ClosedFormSolver.solve(h, c, N, D, 0f, kappa, delta);
        for (int r = 0; r < N; r++) {
            double dn = 0, hn = 0, dot = 0, cn = 0;
            for (int j = 0; j < D; j++) {
                int i = r * D + j;
                dn += delta[i] * delta[i];
                hn += h[i] * h[i];
                double diff = c[i] - h[i];
                cn += diff * diff;
                dot += delta[i] * diff;
            }
            assertTrue(Math.sqrt(dn) <= kappa * Math.sqrt(hn) * (1 + 1e-5), "row " + r + " over the cap");
            assertEquals(kappa * Math.sqrt(hn), Math.sqrt(dn), 1e-4 * Math.sqrt(hn), "binding cap is met exactly");
            assertEquals(1.0, dot / Math.sqrt(dn * cn), 1e-5, "projection keeps the direction of c − h");
            // semantic preservation: cos(h + δ, h) ≥ sqrt(1 − κ²)
            double xh = 0, xn = 0;
            for (int j = 0; j < D; j++) {
                int i = r * D + j;
                double x = h[i] + delta[i];
                xh += x * h[i];
                xn += x * x;
            }
            assertTrue(xh / Math.sqrt(xn * hn) >= Math.sqrt(1 - kappa * kappa) - 1e-5);
        }
    }

    @Test
    void impossibleParametersAreRefused() {
        float[] a = new float[4];
        IllegalArgumentException negative = assertThrows(
                IllegalArgumentException.class, () -> ClosedFormSolver.solve(a, a, 1, 4, -1f, 1f, new float[4]));
        assertTrue(negative.getMessage().contains("lambda"), negative.getMessage());
        IllegalArgumentException zero = assertThrows(
                IllegalArgumentException.class, () -> ClosedFormSolver.solve(a, a, 1, 4, 0f, 0f, new float[4]));
        assertTrue(zero.getMessage().contains("kappa"), zero.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> ClosedFormSolver.solve(a, a, 1, 4, Float.NaN, 1f, new float[4]));
        assertThrows(IllegalArgumentException.class, () -> ClosedFormSolver.solve(a, a, 2, 4, 0f, 1f, new float[8]));
        assertThrows(
                IllegalArgumentException.class,
                () -> ClosedFormSolver.solve(new float[0], new float[0], 0, 4, 0f, 1f, new float[0]));
    }
}
