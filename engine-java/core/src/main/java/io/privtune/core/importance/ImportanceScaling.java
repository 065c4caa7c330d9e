package io.privtune.core.importance;

/**
 * Token importance w ∈ [0, 1] to noise scale s = s_min + (1 − s_min)(1 − w) (docs/DESIGN.md §3.7): the most
 * important token gets s_min of the noise and of the shift, an unimportant one all of it.
 */
public final class ImportanceScaling {
    private ImportanceScaling() {}

    public static void checkMinimumScale(double sMin) {
        if (!(sMin > 0 && sMin <= 1)) {
            throw new IllegalArgumentException("s_min must be in (0, 1], found " + sMin);
        }
    }

    public static double scale(double importance, double sMin) {
        if (!(importance >= 0 && importance <= 1)) {
            throw new IllegalArgumentException("token importance must be in [0, 1], found " + importance);
        }
        return sMin + (1 - sMin) * (1 - importance);
    }
}
