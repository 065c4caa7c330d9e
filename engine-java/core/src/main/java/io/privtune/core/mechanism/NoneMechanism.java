package io.privtune.core.mechanism;

import java.util.Arrays;

/** Uploads h unchanged: the utility ceiling and the attacker's best case. */
final class NoneMechanism implements Mechanism {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public Perturbation perturb(TokenBatch batch) {
        double[] eta = new double[batch.tokens()];
        Arrays.fill(eta, Double.POSITIVE_INFINITY);
        return new Perturbation(batch.representations().clone(), eta);
    }

    @Override
    public String identity() {
        return "none";
    }

    @Override
    public String privacyStatement() {
        return "No perturbation: representations are uploaded as computed; no privacy is provided.";
    }
}
