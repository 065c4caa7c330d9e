package io.privtune.core.internal.opt;

/**
 * Parameters of OPT-2 (docs/DESIGN.md §3.5): λ and κ as in OPT-3, the penalty weight β of the defence
 * constraint, its margin μ, and the number of projected-gradient steps.
 */
public record ConstrainedParameters(float lambda, float kappa, float beta, float mu, int steps) {
    public ConstrainedParameters {
        NoiseParameters.checkRegularisation(lambda, kappa);
        if (!(beta >= 0) || Float.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number >= 0, found " + beta);
        }
        if (!(mu >= 0) || Float.isInfinite(mu)) {
            throw new IllegalArgumentException("mu (margin) must be a finite number >= 0, found " + mu);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, found " + steps);
        }
    }
}
