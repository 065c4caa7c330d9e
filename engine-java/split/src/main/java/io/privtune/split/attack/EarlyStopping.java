package io.privtune.split.attack;

import ai.djl.ndarray.NDArray;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The epoch loop of {@link TrainingBudget}: train one epoch, score the held-out set, remember the best weights,
 * stop on a plateau, and put the best weights back. Works on any learner through three callbacks, so the MLP and
 * the contextual model stop by the same rule.
 */
final class EarlyStopping {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EarlyStopping.class);

    /** A learner under early stopping. */
    interface Learner {
        /** Trains epoch {@code epoch} (0-based) and returns the held-out score, higher is better. */
        double epoch(int epoch);

        /** Remembers the current weights as the best so far. */
        void keep();

        /** Puts the remembered weights back. */
        void restore();
    }

    /** The epoch whose weights were kept (1-based) and the held-out score after each epoch that ran. */
    record Outcome(int keptEpoch, double[] scores) {
        int epochsRun() {
            return scores.length;
        }

        double bestScore() {
            return scores.length == 0 ? Double.NaN : scores[keptEpoch - 1];
        }
    }

    private EarlyStopping() {}

    /** Without a held-out set ({@code heldOut = 0}) every epoch runs and the last is kept. */
    static Outcome run(TrainingBudget budget, Learner learner) {
        double[] scores = new double[budget.maxEpochs()];
        if (budget.heldOut() == 0) {
            for (int e = 0; e < budget.maxEpochs(); e++) {
                scores[e] = learner.epoch(e);
            }
            return new Outcome(budget.maxEpochs(), scores);
        }
        double best = Double.NEGATIVE_INFINITY;
        int kept = 0;
        int ran = 0;
        for (int e = 0; e < budget.maxEpochs(); e++) {
            scores[e] = learner.epoch(e);
            ran = e + 1;
            boolean better = scores[e] > best;
            if (better) {
                best = scores[e];
                kept = e + 1;
                if (e + 1 < budget.maxEpochs()) { // the last epoch's weights are in place already
                    learner.keep();
                }
            }
            boolean stopping = !better && ran - kept >= budget.patience();
            // an attacker's epoch on a large text takes minutes: say where it stands and why it goes on or stops
            LOG.info(String.format(
                    java.util.Locale.ROOT,
                    "held-out score after epoch %d (of at most %d): %.2f %% (best %.2f %% at epoch %d)%s",
                    ran,
                    budget.maxEpochs(),
                    100 * scores[e],
                    100 * best,
                    kept,
                    stopping ? "; stopping, the best epoch's weights kept" : ""));
            if (stopping) {
                break;
            }
        }
        if (kept != ran) {
            learner.restore();
        }
        return new Outcome(kept, Arrays.copyOf(scores, ran));
    }

    /** The weights' values, to put back with {@link #paste}. */
    static float[][] copy(List<NDArray> weights) {
        float[][] out = new float[weights.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = weights.get(i).toFloatArray();
        }
        return out;
    }

    static void paste(List<NDArray> weights, float[][] values) {
        io.privtune.split.train.GradMode.off(); // an in-place write to a leaf that requires grad
        for (int i = 0; i < values.length; i++) {
            weights.get(i).set(FloatBuffer.wrap(values[i]));
        }
    }
}
