package io.privtune.split.stats;

import java.util.Locale;

/**
 * A metric's point estimate and its confidence interval: {@code mean} is the mean over seeds of each seed's
 * per-example mean; {@code lower} and {@code upper} are NaN when there is no interval (no per-example outcomes,
 * e.g. cells stored before they were kept). {@code n} counts the examples behind the mean, over all seeds.
 */
public record Estimate(double mean, double lower, double upper, int n) {
    public Estimate {
        if (!Double.isNaN(lower) && !(lower <= upper)) {
            throw new IllegalArgumentException("estimate: lower " + lower + " above upper " + upper);
        }
    }

    /** A value without an interval (a metric with no per-example outcomes). */
    public static Estimate pointOnly(double mean, int n) {
        return new Estimate(mean, Double.NaN, Double.NaN, n);
    }

    public boolean hasInterval() {
        return !Double.isNaN(lower);
    }

    /** Whether the intervals share a point: then the two are not separable at the interval's level. */
    public boolean overlaps(Estimate other) {
        return hasInterval() && other.hasInterval() && lower <= other.upper && other.lower <= upper;
    }

    /** {@code mean [lower, upper]} in percent with one decimal, e.g. {@code 83.1% [81.0, 85.2]}; the mean alone without an interval. */
    public String percent() {
        if (Double.isNaN(mean)) {
            return "-";
        }
        String m = String.format(Locale.ROOT, "%.1f%%", 100 * mean);
        return hasInterval() ? m + String.format(Locale.ROOT, " [%.1f, %.1f]", 100 * lower, 100 * upper) : m;
    }

    /** {@code mean [lower, upper]} with three decimals (for scores that are not rates, e.g. a cosine). */
    public String plain() {
        if (Double.isNaN(mean)) {
            return "-";
        }
        String m = String.format(Locale.ROOT, "%.3f", mean);
        return hasInterval() ? m + String.format(Locale.ROOT, " [%.3f, %.3f]", lower, upper) : m;
    }
}
