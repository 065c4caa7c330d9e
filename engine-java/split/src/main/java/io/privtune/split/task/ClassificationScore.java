package io.privtune.split.task;

import java.util.Arrays;

/**
 * Accuracy and macro-F1 of per-example predictions against gold labels. Macro-F1 follows scikit-learn's
 * {@code f1_score(average="macro")}: the mean of per-class F1 over the classes present in gold ∪ predicted.
 * A gold class never predicted has precision 0/0 := 0, so F1 0; a predicted class absent from gold has
 * recall 0/0 := 0, so F1 0, and it counts in the mean (predicting it was a mistake); a class in neither
 * is left out (it says nothing about this evaluation set).
 */
public record ClassificationScore(double accuracy, double macroF1, int examples) {
    public static ClassificationScore of(int[] gold, int[] predicted) {
        if (gold.length != predicted.length) {
            throw new IllegalArgumentException(
                    "one prediction per gold label: " + gold.length + " labels, " + predicted.length + " predictions");
        }
        if (gold.length == 0) {
            throw new IllegalArgumentException("no examples to score");
        }
        int classes = Math.max(
                        Arrays.stream(gold).max().getAsInt(),
                        Arrays.stream(predicted).max().getAsInt())
                + 1;
        if (Arrays.stream(gold).anyMatch(l -> l < 0) || Arrays.stream(predicted).anyMatch(l -> l < 0)) {
            throw new IllegalArgumentException("class indices must be >= 0");
        }
        long[] truePositives = new long[classes];
        long[] goldCount = new long[classes];
        long[] predictedCount = new long[classes];
        long correct = 0;
        for (int i = 0; i < gold.length; i++) {
            goldCount[gold[i]]++;
            predictedCount[predicted[i]]++;
            if (gold[i] == predicted[i]) {
                truePositives[gold[i]]++;
                correct++;
            }
        }
        double f1Sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (goldCount[c] == 0 && predictedCount[c] == 0) {
                continue;
            }
            present++;
            // F1 = 2 TP / (|gold| + |predicted|): the harmonic mean of precision and recall, 0 when TP = 0
            f1Sum += 2.0 * truePositives[c] / (goldCount[c] + predictedCount[c]);
        }
        return new ClassificationScore((double) correct / gold.length, f1Sum / present, gold.length);
    }

    /**
     * The accuracy of the best constant guess on {@code gold}: the share of its most frequent class. A model below
     * it has learned nothing a label count would not tell; on unbalanced tasks it lies far above chance.
     */
    public static double majorityRate(int[] gold) {
        if (gold.length == 0) {
            throw new IllegalArgumentException("no examples to score");
        }
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        int most = 0;
        for (int label : gold) {
            most = Math.max(most, counts.merge(label, 1, Integer::sum));
        }
        return (double) most / gold.length;
    }

    public double value(UtilityMetric metric) {
        return metric.of(this);
    }
}
