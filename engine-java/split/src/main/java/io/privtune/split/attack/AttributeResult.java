package io.privtune.split.attack;

/**
 * An attribute-inference attack's accuracy on the victim's texts next to the trivial attacker's: always
 * guessing the class most frequent in the attacker's own training text.
 */
public record AttributeResult(double accuracy, double majorityRate, int victims, boolean[] hits) {
    public AttributeResult(double accuracy, double majorityRate, int victims) {
        this(accuracy, majorityRate, victims, null);
    }

    /** Accuracy of the constant guess {@code majorityOf(attackerLabels)} on {@code victimLabels}. */
    static double majorityRate(int[] attackerLabels, int[] victimLabels, int classes) {
        int[] counts = new int[classes];
        for (int label : attackerLabels) {
            counts[label]++;
        }
        int majority = 0;
        for (int c = 1; c < classes; c++) {
            majority = counts[c] > counts[majority] ? c : majority;
        }
        int hits = 0;
        for (int label : victimLabels) {
            hits += label == majority ? 1 : 0;
        }
        return (double) hits / victimLabels.length;
    }

    static AttributeResult score(int[] predicted, int[] attackerLabels, int[] victimLabels, int classes) {
        int hits = 0;
        boolean[] hit = new boolean[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            hit[i] = predicted[i] == victimLabels[i];
            hits += hit[i] ? 1 : 0;
        }
        return new AttributeResult(
                (double) hits / victimLabels.length,
                majorityRate(attackerLabels, victimLabels, classes),
                victimLabels.length,
                hit);
    }
}
