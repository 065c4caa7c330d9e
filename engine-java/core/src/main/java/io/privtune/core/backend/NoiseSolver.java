package io.privtune.core.backend;

import io.privtune.core.opt.ConstrainedParameters;

/**
 * Batched noise optimisation over one dictionary and graph (the engine's second hot path): OPT-3 in
 * closed form and OPT-2 by projected gradient. Rows are n x d, row-major.
 */
public interface NoiseSolver {
    void closedForm(float[] h, float[] c, int n, float lambda, float kappa, float[] delta);

    void constrained(float[] h, float[] c, int[] tokenIds, int n, ConstrainedParameters parameters, float[] delta);
}
