package io.privtune.split.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.progress.ProgressListener;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MlpClassifierTest {
    @Test
    void aLinearModelOnFeaturesWithoutInformationKeepsItsConstantGuessInsteadOfFailing() {
        // constant features standardise to 0: every logit is the bias, p = (1/2, 1/2), and the gradients sum to
        // exactly 0f, which DJL's first step() refuses as a forgotten backward()
        int n = 64, features = 3;
        float[] x = new float[n * features];
        Arrays.fill(x, 1f);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
        }
        MlpClassifier.Config linear = new MlpClassifier.Config(0, 2, 16, 1e-2f, 7);
        try (MlpClassifier model =
                MlpClassifier.trainSingleLabel(x, features, labels, 2, linear, ProgressListener.NONE)) {
            assertEquals(2 * (n / 16), model.skippedBatches(), "every batch's gradients summed to zero");
            float[] scores = model.scores(x);
            for (int i = 1; i < n; i++) {
                assertArrayEquals(
                        Arrays.copyOfRange(scores, 0, 2), Arrays.copyOfRange(scores, 2 * i, 2 * i + 2), "row " + i);
            }
        }
    }

    @Test
    void informativeFeaturesAreLearnedWithNoBatchSkipped() {
        int n = 64, features = 2;
        float[] x = new float[n * features];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            x[i * features] = labels[i] == 1 ? 1f : -1f;
            x[i * features + 1] = (i * 37 % 11) / 11f;
        }
        MlpClassifier.Config linear = new MlpClassifier.Config(0, 20, 16, 5e-2f, 7);
        try (MlpClassifier model =
                MlpClassifier.trainSingleLabel(x, features, labels, 2, linear, ProgressListener.NONE)) {
            float[] scores = model.scores(x);
            int right = 0;
            for (int i = 0; i < n; i++) {
                right += (scores[2 * i + 1] > scores[2 * i]) == (labels[i] == 1) ? 1 : 0;
            }
            assertEquals(n, right, "the separating feature is learned");
            assertTrue(model.skippedBatches() <= 3, "DJL checks until its first pass: " + model.skippedBatches());
        }
    }
}
