package io.privtune.split.attack;

/**
 * The attacker's own sentences split into training and held-out ones for early stopping ({@link TrainingBudget}).
 * By sentence, not by token: tokens of one sentence share context (and, for the contextual model, are one example),
 * so a token-level split would score the held-out set on text the model trained on.
 */
record SentenceSplit(boolean[] heldOut, int heldOutCount) {
    /** A seeded {@code fraction} of the {@code offsets.length - 1} texts, at least one when the fraction is > 0. */
    static SentenceSplit of(int[] offsets, double fraction, long seed) {
        int texts = offsets.length - 1;
        boolean[] heldOut = new boolean[texts];
        if (fraction == 0) {
            return new SentenceSplit(heldOut, 0);
        }
        int count = Math.max(1, (int) Math.round(fraction * texts));
        if (count >= texts) {
            throw new IllegalArgumentException("early stopping: " + texts + " attacker text(s) cannot spare " + count
                    + " for a held-out set (fraction " + fraction + ")");
        }
        int[] order = io.privtune.split.train.PrivateFineTuner.shuffled(texts, seed ^ 0x4e1d_0a7L);
        for (int i = 0; i < count; i++) {
            heldOut[order[i]] = true;
        }
        return new SentenceSplit(heldOut, count);
    }

    /** Whether token row {@code row} lies in a held-out text, per row, given the texts' offsets. */
    boolean[] rows(int[] offsets) {
        boolean[] out = new boolean[offsets[offsets.length - 1]];
        for (int s = 0; s < heldOut.length; s++) {
            if (heldOut[s]) {
                java.util.Arrays.fill(out, offsets[s], offsets[s + 1], true);
            }
        }
        return out;
    }
}
