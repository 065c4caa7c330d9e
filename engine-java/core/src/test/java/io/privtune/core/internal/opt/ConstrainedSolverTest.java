package io.privtune.core.internal.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.knn.CpuCosineIndex;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.RandomSpaces;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConstrainedSolverTest {
    private static final int V = 500, D = 24, K = 6;
    private final EmbeddingSpace dictionary = RandomSpaces.space(V, D, 21);
    private final KnnGraph graph = new CpuCosineIndex(dictionary).graph(K, ProgressListener.NONE);
    private final ConstrainedSolver solver = new ConstrainedSolver(dictionary, graph);

    @Test
    void neverIncreasesTheObjectiveAndRespectsTheCap() {
        int n = 200;
        SplittableRandom random = new SplittableRandom(5);
        int[] ids = new int[n];
        float[] h = new float[n * D];
        float[] c = new float[n * D];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(V);
            int target = random.nextInt(V);
            for (int j = 0; j < D; j++) {
                h[i * D + j] = dictionary.get(ids[i], j) + (float) (0.3 * RandomSpaces.nextGaussian(random));
                c[i * D + j] = dictionary.get(target, j);
            }
        }
        ConstrainedParameters p = new ConstrainedParameters(0.2f, 0.9f, 2f, 1.5f, 30);
        float[] start = new float[n * D];
        ClosedFormSolver.solve(h, c, n, D, p.lambda(), p.kappa(), start);
        float[] delta = new float[n * D];
        solver.solve(h, c, ids, n, p, delta);
        int improved = 0;
        for (int i = 0; i < n; i++) {
            double before = solver.objective(h, c, ids[i], i * D, start, p);
            double after = solver.objective(h, c, ids[i], i * D, delta, p);
            assertTrue(
                    after <= before + 1e-6 * Math.max(1, before),
                    "row " + i + ": J rose from " + before + " to " + after);
            if (after < before - 1e-6) {
                improved++;
            }
            double dn = 0, hn = 0;
            for (int j = 0; j < D; j++) {
                dn += delta[i * D + j] * delta[i * D + j];
                hn += h[i * D + j] * h[i * D + j];
            }
            assertTrue(Math.sqrt(dn) <= p.kappa() * Math.sqrt(hn) * (1 + 1e-5), "row " + i + " over the cap");
        }
        assertTrue(
                improved > n / 10, "the constraint term is active and OPT-2 improves on δ* for many rows: " + improved);
    }

    @Test
    void removesMarginViolationsOnAConstructedCase() {
        int token = 7;
        float mu = 0.5f;
        float[] h = dictionary.row(token);
        // the target sits right next to the token's own row: δ* = c − h lands within the margin of R_t
        float[] c = h.clone();
        c[0] += 0.2f;
        ConstrainedParameters p = new ConstrainedParameters(0f, 100f, 10f, mu, 200);
        float[] start = new float[D];
        ClosedFormSolver.solve(h, c, 1, D, 0f, 100f, start);
        double violationBefore = solver.worstViolation(h, c, token, 0, start, mu);
        assertTrue(violationBefore > 0.4, "constructed case violates the margin: " + violationBefore);
        float[] delta = new float[D];
        solver.solve(h, c, new int[] {token}, 1, p, delta);
        double violationAfter = solver.worstViolation(h, c, token, 0, delta, mu);
        assertTrue(violationAfter <= 0.02 * mu, "violation left: " + violationAfter + " (was " + violationBefore + ")");
        assertTrue(solver.objective(h, c, token, 0, delta, p) < solver.objective(h, c, token, 0, start, p));
    }

    @Test
    void zeroStepsReturnsTheClosedForm() {
        float[] h = dictionary.row(3);
        float[] c = dictionary.row(300);
        float[] expected = new float[D];
        ClosedFormSolver.solve(h, c, 1, D, 1f, 0.5f, expected);
        float[] delta = new float[D];
        solver.solve(h, c, new int[] {3}, 1, new ConstrainedParameters(1f, 0.5f, 1f, 1f, 0), delta);
        for (int j = 0; j < D; j++) {
            assertEquals(expected[j], delta[j], 0f);
        }
    }

    @Test
    void badInputsAreRefused() {
        float[] h = new float[D];
        assertThrows(
                IllegalArgumentException.class,
                () -> solver.solve(h, h, new int[] {V}, 1, new ConstrainedParameters(0f, 1f, 1f, 1f, 5), new float[D]));
        assertThrows(
                IllegalArgumentException.class,
                () -> solver.solve(
                        h, h, new int[] {1, 2}, 1, new ConstrainedParameters(0f, 1f, 1f, 1f, 5), new float[D]));
        assertThrows(IllegalArgumentException.class, () -> new ConstrainedParameters(0f, 1f, -1f, 1f, 5));
        assertThrows(IllegalArgumentException.class, () -> new ConstrainedParameters(0f, 1f, 1f, -1f, 5));
        assertThrows(IllegalArgumentException.class, () -> new ConstrainedParameters(0f, 1f, 1f, 1f, -1));
        assertThrows(IllegalArgumentException.class, () -> new ConstrainedSolver(RandomSpaces.space(10, D, 1), graph));
    }
}
