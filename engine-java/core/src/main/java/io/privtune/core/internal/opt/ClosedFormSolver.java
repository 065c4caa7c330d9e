package io.privtune.core.internal.opt;

import java.util.stream.IntStream;

/**
 * OPT-3 (docs/DESIGN.md §3.4): minimise ‖h + δ − c‖² + λ‖δ‖², whose minimiser is δ* = (c − h) / (1 + λ),
 * then project onto ‖δ‖ ≤ κ‖h‖. Batched over all tokens of a batch, rows in parallel: a streaming
 * pass (read h and c, write δ), so its speed is a fraction of memory bandwidth.
 */
public final class ClosedFormSolver {
    private static final int ROWS_PER_TASK = 64;

    private ClosedFormSolver() {}

    /** δ for {@code n} rows of width {@code d}: h, c and delta are row-major n x d. */
    public static void solve(float[] h, float[] c, int n, int d, float lambda, float kappa, float[] delta) {
        NoiseParameters.checkRegularisation(lambda, kappa);
        NoiseParameters.checkRows(h, c, delta, n, d);
        float shrink = 1f / (1f + lambda);
        IntStream.range(0, (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK).parallel().forEach(task -> {
            for (int i = task * ROWS_PER_TASK, end = Math.min(n, i + ROWS_PER_TASK); i < end; i++) {
                int off = i * d;
                VectorMath.cappedScaledDifference(c, h, off, shrink, kappa, delta, d);
            }
        });
    }
}
