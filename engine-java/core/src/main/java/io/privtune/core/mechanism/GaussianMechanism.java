package io.privtune.core.mechanism;

import io.privtune.core.random.GaussianNoise;


/** Isotropic N(0, σ²I) on every non-special token: the simplest noise baseline. */
final class GaussianMechanism implements Mechanism {
    private final MechanismParameters parameters;

    GaussianMechanism(MechanismParameters parameters) {
        this.parameters = parameters;
    }

    @Override
    public String name() { return "gaussian"; }

    @Override
    public Perturbation perturb(TokenBatch batch) {
        return AdditiveNoise.apply(batch, i -> false, (token, z) -> {
            GaussianNoise.sample(parameters.seed(), token, parameters.sigma(), z, 0, z.length);
            return Double.NaN;
        });
    }

    @Override
    public String privacyStatement() {
        return "Isotropic Gaussian noise with sigma = " + parameters.sigma()
                + " per coordinate; no d_chi guarantee is claimed (an (epsilon, delta) statement needs a sensitivity bound).";
    }
}
