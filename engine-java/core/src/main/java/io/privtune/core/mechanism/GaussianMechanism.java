package io.privtune.core.mechanism;

import io.privtune.core.random.GaussianNoise;

import java.util.stream.IntStream;

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
        int d = batch.dim();
        float[] out = batch.representations().clone();
        double[] eta = new double[batch.tokens()];
        IntStream.range(0, batch.tokens()).parallel().forEach(i -> {
            if (batch.special()[i]) {
                eta[i] = Double.POSITIVE_INFINITY;
                return;
            }
            float[] noise = new float[d];
            GaussianNoise.sample(parameters.seed(), batch.firstTokenIndex() + i, parameters.sigma(), noise, 0, d);
            for (int j = 0; j < d; j++) {
                out[i * d + j] += noise[j];
            }
            eta[i] = Double.NaN;
        });
        return new Perturbation(out, eta);
    }

    @Override
    public String privacyStatement() {
        return "Isotropic Gaussian noise with sigma = " + parameters.sigma()
                + " per coordinate; no d_chi guarantee is claimed (an (epsilon, delta) statement needs a sensitivity bound).";
    }
}
