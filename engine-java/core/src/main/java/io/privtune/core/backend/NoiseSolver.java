package io.privtune.core.backend;

import io.privtune.core.internal.opt.ConstrainedParameters;

/**
 * Batched noise optimisation over one dictionary and graph (the engine's second hot path): OPT-3 in
 * closed form and OPT-2 by projected gradient. Rows are n x d, row-major. A solver made without a graph
 * (null) does OPT-3 only.
 */
public interface NoiseSolver {
    void closedForm(float[] h, float[] c, int n, float lambda, float kappa, float[] delta);

    void constrained(float[] h, float[] c, int[] tokenIds, int n, ConstrainedParameters parameters, float[] delta);

    /** Every backend's answer to OPT-2 on a solver made without a graph. */
    static IllegalArgumentException withoutGraph() {
        return new IllegalArgumentException(
                "OPT-2 needs the kNN graph: this noise solver was made without one (OPT-3 only)");
    }
}
