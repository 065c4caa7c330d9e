package io.privtune.core.mechanism;

import io.privtune.core.random.DchiNoise;

import java.util.Set;

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
        int[] ids = batch.tokenIds();
        return AdditiveNoise.apply(batch, i -> unperturbed.contains(ids[i]), (token, z) -> {
            DchiNoise.sample(parameters.seed(), token, parameters.eta(), 1.0, z, 0, z.length);
            return parameters.eta();
        });
    }

    @Override
    public String privacyStatement() {
        String base = "Each perturbed token representation is eta-d_chi-private (eta = " + parameters.eta()
                + ") with respect to the Euclidean distance between representations.";
        return unperturbed.isEmpty() ? base
                : base + " The " + unperturbed.size() + " top CTI tokens (" + parameters.ctiTop() + " per class) are uploaded unperturbed.";
    }
}
