package io.privtune.core.mechanism;

import io.privtune.core.random.GaussianNoise;
import io.privtune.core.random.NoiseKey;

/** N(0, σ²I) on every non-special token, or N(0, σ²Σ_λ) under a Mahalanobis {@link NoiseShape}: the simplest noise baseline. */
final class GaussianMechanism implements Mechanism {
    private final MechanismParameters parameters;
    private final NoiseShape shape;
    private final NoiseKey key;

    GaussianMechanism(MechanismParameters parameters, MechanismContext context, NoiseKey key) {
        this.parameters = parameters;
        this.shape = NoiseShape.of(name(), parameters.mahalanobis(), context.dictionary());
        this.key = key;
    }

    @Override
    public String name() {
        return "gaussian";
    }

    @Override
    public Perturbation perturb(TokenBatch batch) {
        return AdditiveNoise.apply(batch, i -> false, (text, position, z) -> {
            if (shape == null) {
                GaussianNoise.sample(key, text, position, parameters.sigma(), z, 0, z.length);
            } else {
                float[] isotropic = new float[z.length];
                GaussianNoise.sample(key, text, position, parameters.sigma(), isotropic, 0, z.length);
                shape.addShaped(isotropic, 0, z, 0);
            }
            return Double.NaN;
        });
    }

    @Override
    public java.util.Optional<NoiseShape> noiseShape() {
        return java.util.Optional.ofNullable(shape);
    }

    @Override
    public String identity() {
        return name() + " " + parameters.identityMap();
    }

    @Override
    public String privacyStatement() {
        String noise = shape == null
                ? "Isotropic Gaussian noise with sigma = " + parameters.sigma() + " per coordinate"
                : "Gaussian noise N(0, sigma^2 L L^T), sigma = " + parameters.sigma() + ", shaped by the "
                        + NoiseShape.metric(shape);
        return noise + "; no d_chi guarantee is claimed (an (epsilon, delta) statement needs a sensitivity bound).";
    }
}
