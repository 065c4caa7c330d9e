package io.privtune.split.attack;

import io.privtune.core.progress.ProgressListener;

/**
 * Attribute inference from pooled representations (docs/DESIGN.md §4, AIA 4): an MLP on each text's mean-pooled
 * upload, trained on the attacker's own labelled texts (clean for {@code naive}, perturbed by the same
 * mechanism for {@code adaptive}), scored on the victim's.
 */
public final class AttributeMlpAttack {
    public static final int HIDDEN = 256;
    private static final int EPOCHS = 10;

    private AttributeMlpAttack() {}

    /** {@code attackerPooled} and {@code victimPooled}: texts x d. */
    public static AttributeScores run(
            float[] attackerPooled, int[] attackerLabels, float[] victimPooled, int classes, int dim, long seed) {
        MlpClassifier.Config config = new MlpClassifier.Config(HIDDEN, EPOCHS, 64, 1e-3f, seed);
        try (MlpClassifier model = MlpClassifier.trainSingleLabel(
                attackerPooled, dim, attackerLabels, classes, config, ProgressListener.NONE)) {
            return new AttributeScores(model.scores(victimPooled), classes, attackerLabels);
        }
    }
}
