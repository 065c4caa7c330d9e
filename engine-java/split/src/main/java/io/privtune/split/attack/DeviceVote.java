package io.privtune.split.attack;

import java.util.Arrays;

/**
 * Attribute inference per device: the cloud receives each upload over its device's connection, so it links every
 * text one device sends and adds up their evidence, where a per-text attacker guesses from one short text alone.
 * The per-text classifier's posteriors are combined as naive Bayes over the device's texts:
 * {@code argmax_c  sum_i log p(c | x_i) - (n - 1) log pi_c}, with {@code pi} the class shares of the attacker's own
 * training texts (each posterior already holds the prior once; the device's guess should hold it once, not n times).
 * Scored once per device, against the constant guess of the attacker's majority class.
 */
public final class DeviceVote {
    private DeviceVote() {}

    /**
     * @param logits         the per-text classifier's scores for the victim's texts, texts x classes
     * @param device         each victim text's device, 0 .. devices - 1
     * @param attackerLabels the labels the classifier was trained on (its prior)
     * @param victimLabels   each victim text's true class; a device's texts must agree (one author, one attribute)
     */
    public static AttributeResult score(
            float[] logits, int classes, int[] device, int[] attackerLabels, int[] victimLabels) {
        int texts = victimLabels.length;
        if (logits.length != texts * classes || device.length != texts) {
            throw new IllegalArgumentException("device vote: " + texts + " victim texts, but " + logits.length
                    + " scores for " + classes + " classes and " + device.length + " device ids");
        }
        int devices = Arrays.stream(device).max().orElse(-1) + 1;
        double[] logPrior = logPrior(attackerLabels, classes);
        double[] evidence = new double[devices * classes];
        int[] count = new int[devices];
        int[] label = new int[devices];
        Arrays.fill(label, -1);
        for (int t = 0; t < texts; t++) {
            int v = device[t];
            if (v < 0) {
                throw new IllegalArgumentException("device vote: text " + t + " has device id " + v);
            }
            if (label[v] >= 0 && label[v] != victimLabels[t]) {
                throw new IllegalArgumentException("device vote: device " + v + "'s texts disagree on the attribute ("
                        + label[v] + " and " + victimLabels[t] + " at text " + t + ")");
            }
            label[v] = victimLabels[t];
            count[v]++;
            addLogSoftmax(logits, t, classes, evidence, v);
        }
        int[] predicted = new int[devices];
        int[] truth = new int[devices];
        int seen = 0;
        for (int v = 0; v < devices; v++) {
            if (count[v] == 0) {
                continue; // an id no text carries: not a device
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double score = evidence[v * classes + c] - (count[v] - 1) * logPrior[c];
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            predicted[seen] = best;
            truth[seen++] = label[v];
        }
        return AttributeResult.score(
                Arrays.copyOf(predicted, seen), attackerLabels, Arrays.copyOf(truth, seen), classes);
    }

    /** Class log-shares with add-one smoothing, so a class the attacker never saw does not make a score infinite. */
    private static double[] logPrior(int[] labels, int classes) {
        double[] counts = new double[classes];
        Arrays.fill(counts, 1);
        for (int label : labels) {
            counts[label]++;
        }
        double total = labels.length + classes;
        return Arrays.stream(counts).map(c -> Math.log(c / total)).toArray();
    }

    private static void addLogSoftmax(float[] logits, int row, int classes, double[] into, int intoRow) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logits[row * classes + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(logits[row * classes + c] - max);
        }
        double logSum = max + Math.log(sum);
        for (int c = 0; c < classes; c++) {
            into[intoRow * classes + c] += logits[row * classes + c] - logSum;
        }
    }
}
