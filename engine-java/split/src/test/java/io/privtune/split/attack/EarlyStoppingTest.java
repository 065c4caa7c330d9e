package io.privtune.split.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.progress.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Early stopping keeps the best epoch's weights and stops on a plateau (docs/DESIGN.md §4, the attacker's budget). */
class EarlyStoppingTest {
    /** Scores fixed in advance; records which epochs were kept and whether the kept weights were put back. */
    private static final class Scripted implements EarlyStopping.Learner {
        final double[] scores;
        final List<Integer> kept = new ArrayList<>();
        int current = -1;
        int restoredTo = -1;

        Scripted(double... scores) {
            this.scores = scores;
        }

        @Override
        public double epoch(int epoch) {
            current = epoch;
            return scores[epoch];
        }

        @Override
        public void keep() {
            kept.add(current);
        }

        @Override
        public void restore() {
            restoredTo = kept.get(kept.size() - 1);
        }
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndPutsTheBestBack() {
        Scripted learner = new Scripted(0.2, 0.5, 0.4, 0.45, 0.9, 0.95);
        EarlyStopping.Outcome outcome = EarlyStopping.run(new TrainingBudget(6, 2, 0.1), learner);
        assertEquals(2, outcome.keptEpoch());
        assertArrayEquals(new double[] {0.2, 0.5, 0.4, 0.45}, outcome.scores(), "no epoch after the plateau");
        assertEquals(1, learner.restoredTo, "the weights of epoch 2 (index 1) come back");
        assertEquals(0.5, outcome.bestScore());
    }

    @Test
    void aTieIsNoImprovementAndTheCapEndsTraining() {
        Scripted plateau = new Scripted(0.3, 0.3, 0.3, 0.9);
        assertEquals(
                1, EarlyStopping.run(new TrainingBudget(4, 2, 0.1), plateau).keptEpoch());
        assertEquals(3, plateau.current + 1, "stopped after two equal scores");

        Scripted rising = new Scripted(0.1, 0.2, 0.3);
        EarlyStopping.Outcome outcome = EarlyStopping.run(new TrainingBudget(3, 2, 0.1), rising);
        assertEquals(3, outcome.keptEpoch());
        assertEquals(-1, rising.restoredTo, "the last epoch is the best: nothing to put back");
    }

    @Test
    void withoutAHeldOutSetEveryEpochRuns() {
        Scripted learner = new Scripted(0.9, 0.1, 0.1, 0.1);
        EarlyStopping.Outcome outcome = EarlyStopping.run(TrainingBudget.fixed(4), learner);
        assertEquals(4, outcome.keptEpoch());
        assertEquals(4, outcome.epochsRun());
        assertEquals(-1, learner.restoredTo);
    }

    @Test
    void aBadBudgetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TrainingBudget(0, 2, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingBudget(5, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingBudget(5, 2, 0.7));
    }

    /**
     * A real MLP on deterministic data with 40 % of the training labels scrambled: held-out accuracy peaks early and
     * then falls as the wide model memorises the noise. Training stops {@code patience} epochs after the best one,
     * and the returned model scores exactly the best epoch's accuracy, not the last one's.
     */
    @Test
    void theMlpKeepsItsBestEpochAndStopsOnAPlateau() {
        int d = 6, classes = 8, n = 1200, held = 400;
        SplittableRandom random = new SplittableRandom(7);
        float[][] centres = new float[classes][d];
        for (float[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = (float) random.nextGaussian();
            }
        }
        float[] x = new float[n * d];
        int[] labels = new int[n];
        float[] heldX = new float[held * d];
        int[] heldLabels = new int[held];
        for (int i = 0; i < n + held; i++) {
            int label = random.nextInt(classes);
            float[] row = i < n ? x : heldX;
            int at = (i < n ? i : i - n) * d;
            for (int j = 0; j < d; j++) {
                row[at + j] = centres[label][j] + (float) random.nextGaussian() * 0.9f;
            }
            if (i < n) {
                labels[i] = random.nextDouble() < 0.4 ? random.nextInt(classes) : label;
            } else {
                heldLabels[i - n] = label;
            }
        }
        int cap = 40;
        TrainingBudget budget = new TrainingBudget(cap, 2, 0.1);
        MlpClassifier.Trained trained;
        try (OneTorchThread oneThread = new OneTorchThread()) {
            trained = MlpClassifier.trainSingleLabel(
                    x,
                    epoch -> x,
                    d,
                    labels,
                    classes,
                    heldX,
                    heldLabels,
                    new MlpClassifier.Config(512, cap, 32, 3e-3f, 1),
                    budget,
                    ProgressListener.NONE);
        }
        try (MlpClassifier model = trained.model()) {
            double[] scores = trained.heldOutScores();
            assertTrue(scores.length < cap, "a plateau stops training before the cap: " + scores.length + " epochs");
            int best = 0;
            for (int e = 1; e < scores.length; e++) {
                best = scores[e] > scores[best] ? e : best;
            }
            assertEquals(best + 1, trained.keptEpoch(), "the first best epoch is kept");
            assertEquals(budget.patience(), scores.length - trained.keptEpoch(), "stops patience epochs after it");
            assertEquals(
                    scores[best],
                    model.accuracy(heldX, heldLabels),
                    1e-12,
                    "the returned weights are the best epoch's: scores per epoch " + java.util.Arrays.toString(scores));
            assertTrue(scores[best] > 0.5, "the model learned something: " + scores[best]);
        }
    }
}
