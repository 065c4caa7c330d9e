package io.privtune.split.task;

/** A classification task's utility metric, by the name reports print. */
public enum UtilityMetric {
    ACCURACY("accuracy"),
    /** The unweighted mean of per-class F1: a majority-class predictor scores low however large its class. */
    MACRO_F1("macro-F1");

    private final String label;

    UtilityMetric(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public double of(ClassificationScore score) {
        return this == ACCURACY ? score.accuracy() : score.macroF1();
    }
}
