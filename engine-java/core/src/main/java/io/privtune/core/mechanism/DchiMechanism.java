package io.privtune.core.mechanism;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.random.NoiseKey;
import java.util.Set;

/**
 * Zero-mean dχ noise on every non-special token: SAP without CTI (`dchi`), or SAP with its top CTI
 * tokens per class left unperturbed (`sap-cti`, with a non-empty protected set).
 */
final class DchiMechanism implements Mechanism {
    private final String name;
    private final MechanismParameters parameters;
    private final Set<Integer> unperturbed;
    private final ComputeBackend backend;
    private final NoiseShape shape;
    private final NoiseKey key;

    DchiMechanism(
            String name,
            MechanismParameters parameters,
            Set<Integer> unperturbed,
            MechanismContext context,
            NoiseKey key) {
        this.name = name;
        this.parameters = parameters;
        this.unperturbed = Set.copyOf(unperturbed);
        this.backend = context.backend();
        this.shape = NoiseShape.of(name, parameters.mahalanobis(), context.dictionary());
        this.key = key;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Perturbation perturb(TokenBatch batch) {
        int n = batch.tokens();
        boolean[] leave = new boolean[n];
        double[] eta = new double[n];
        for (int i = 0; i < n; i++) {
            leave[i] = batch.special()[i] || unperturbed.contains(batch.tokenIds()[i]);
            eta[i] = leave[i] ? Double.POSITIVE_INFINITY : parameters.eta();
        }
        float[] out = NoiseShape.perturb(
                shape,
                backend,
                batch.representations(),
                null,
                null,
                leave,
                n,
                batch.dim(),
                batch.addresses(),
                key,
                parameters.eta());
        return new Perturbation(out, eta);
    }

    @Override
    public java.util.Optional<NoiseShape> noiseShape() {
        return java.util.Optional.ofNullable(shape);
    }

    @Override
    public String identity() {
        return name() + " " + parameters.identityMap() + " unperturbed "
                + new java.util.TreeSet<>(unperturbed).hashCode();
    }

    @Override
    public String privacyStatement() {
        String base = "Each perturbed token representation is eta-d_chi-private (eta = " + parameters.eta()
                + ") with respect to the " + NoiseShape.metric(shape) + " between representations.";
        return unperturbed.isEmpty()
                ? base
                : base + " The " + unperturbed.size() + " top CTI tokens (" + parameters.ctiTop()
                        + " per class) are uploaded unperturbed.";
    }
}
