package io.privtune.split.stats;

/**
 * Per-example 0/1 outcomes (a dev sentence classified right, an attacked token recovered) as stored in a cell's
 * JSON: one character {@code 0} or {@code 1} per example, in the examples' fixed order, so 20 000 tokens take
 * 20 kB and stay readable.
 */
public final class Outcomes {
    private Outcomes() {}

    public static String encode(boolean[] hits) {
        char[] text = new char[hits.length];
        for (int i = 0; i < hits.length; i++) {
            text[i] = hits[i] ? '1' : '0';
        }
        return new String(text);
    }

    /** @param what names the metric, for the error a stored string with another character gets */
    public static double[] decode(String text, String what) {
        double[] values = new double[text.length()];
        for (int i = 0; i < values.length; i++) {
            char c = text.charAt(i);
            if (c != '0' && c != '1') {
                throw new IllegalArgumentException(what + ": per-example outcomes must be a string of 0 and 1, found '"
                        + c + "' at position " + i);
            }
            values[i] = c - '0';
        }
        return values;
    }

    /** The mean of the encoded outcomes (the metric they were recorded for). */
    public static double mean(String text) {
        long ones = text.chars().filter(c -> c == '1').count();
        return text.isEmpty() ? Double.NaN : (double) ones / text.length();
    }
}
