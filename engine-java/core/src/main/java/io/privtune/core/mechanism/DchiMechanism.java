package io.privtune.core.mechanism;

import io.privtune.core.random.DchiNoise;

import java.util.Set;
import java.util.stream.IntStream;

/**
 * Zero-mean dχ noise on every non-special token: SAP without CTI (`dchi`), or SAP with its top CTI
 * tokens per class left unperturbed (`sap-cti`, with a non-empty protected set).
 */
final class DchiMechanism implements Mechanism {
    private final String name;
    private final MechanismParameters parameters;
    private final Set<Integer> unperturbed;

    DchiMechanism(String name, MechanismParameters parameters, Set<Integer> unperturbed) {
        this.name = name;
        this.parameters = parameters;
        this.unperturbed = Set.copyOf(unperturbed);
    }

    @Override
    public String name() { return name; }

    @Override
    public Perturbation perturb(TokenBatch batch) {
        int d = batch.dim();
        float[] out = batch.representations().clone();
        double[] eta = new double[batch.tokens()];
        IntStream.range(0, batch.tokens()).parallel().forEach(i -> {
            if (batch.special()[i] || unperturbed.contains(batch.tokenIds()[i])) {
                eta[i] = Double.POSITIVE_INFINITY;
                return;
            }
            float[] noise = new float[d];
            DchiNoise.sample(parameters.seed(), batch.firstTokenIndex() + i, parameters.eta(), 1.0, noise, 0, d);
            for (int j = 0; j < d; j++) {
                out[i * d + j] += noise[j];
            }
            eta[i] = parameters.eta();
        });
        return new Perturbation(out, eta);
    }

    @Override
    public String privacyStatement() {
        String base = "Each perturbed token representation is eta-d_chi-private (eta = " + parameters.eta()
                + ") with respect to the Euclidean distance between representations.";
        return unperturbed.isEmpty() ? base
                : base + " The " + unperturbed.size() + " top CTI tokens (" + parameters.ctiTop() + " per class) are uploaded unperturbed.";
    }
}
