package io.privtune.core.mechanism;

import io.privtune.core.random.GaussianNoise;
import io.privtune.core.random.NoiseKey;

/** Isotropic N(0, σ²I) on every non-special token: the simplest noise baseline. */
final class GaussianMechanism implements Mechanism {
    private final MechanismParameters parameters;
    private final NoiseKey key;

    GaussianMechanism(MechanismParameters parameters, NoiseKey key) {
        this.parameters = parameters;
        this.key = key;
    }

    @Override
    public String name() {
        return "gaussian";
    }

    @Override
    public Perturbation perturb(TokenBatch batch) {
        return AdditiveNoise.apply(batch, i -> false, (text, position, z) -> {
            GaussianNoise.sample(key, text, position, parameters.sigma(), z, 0, z.length);
            return Double.NaN;
        });
    }

    @Override
    public String identity() {
        return name() + " " + new java.util.TreeMap<>(parameters.asMap());
    }

    @Override
    public String privacyStatement() {
        return "Isotropic Gaussian noise with sigma = " + parameters.sigma()
                + " per coordinate; no d_chi guarantee is claimed (an (epsilon, delta) statement needs a sensitivity bound).";
    }
}
