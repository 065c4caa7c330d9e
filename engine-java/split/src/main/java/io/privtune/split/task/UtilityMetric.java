package io.privtune.split.task;

/** A task's utility metric, by the name reports print. */
public enum UtilityMetric {
    ACCURACY("accuracy"),
    /** The unweighted mean of per-class F1: a majority-class predictor scores low however large its class. */
    MACRO_F1("macro-F1"),
    /** Extractive QA (SQuAD v1.1's official exact match): no classes, so no classification score gives it. */
    EXACT_MATCH("exact match");

    private final String label;

    UtilityMetric(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public double of(ClassificationScore score) {
        if (this == EXACT_MATCH) {
            throw new IllegalArgumentException("exact match is extractive QA's score, not a classification score");
        }
        return this == ACCURACY ? score.accuracy() : score.macroF1();
    }
}
