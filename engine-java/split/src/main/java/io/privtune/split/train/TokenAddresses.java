package io.privtune.split.train;

import io.privtune.split.text.Encoding;

import java.util.List;

/**
 * The global token indices that address each token's noise streams under the noise key: text j of a
 * set owns indices {@code base + offset_j .. base + offset_j + length_j - 1}, whatever batch it travels
 * in, so a text's noise never depends on batching and a resent or re-epoched batch is the same upload.
 * Each use has a space of its own ({@code 2^48} tokens apart), so no two texts ever share noise under
 * one key; the adaptive attacker's texts live in spaces of their own too (under its own key).
 */
public final class TokenAddresses {
    private static final long SPACE = 1L << 48;
    /** Training examples; epoch e of a fresh-noise run uses {@code TRAIN + e * tokens}. */
    public static final long TRAIN = 0;
    /** The dev set, uploaded for evaluation (and read by the attacks as the cloud received it). */
    public static final long DEV = 1L << 50;
    /** {@code ./privtune perturb}'s exports. */
    public static final long EXPORT = DEV + SPACE;
    /** The attacker's own SST-2 text and TrustPilot reviews, and the TrustPilot victim reviews. */
    public static final long ATTACKER_TOKENS = DEV + 2 * SPACE;
    public static final long VICTIM_REVIEWS = DEV + 3 * SPACE;
    public static final long ATTACKER_REVIEWS = DEV + 4 * SPACE;

    private final long[] first;
    private final long tokens;

    private TokenAddresses(long[] first, long tokens) {
        this.first = first;
        this.tokens = tokens;
    }

    public static TokenAddresses of(List<Encoding> texts, long base) {
        long[] first = new long[texts.size()];
        long at = base;
        for (int j = 0; j < texts.size(); j++) {
            first[j] = at;
            at += texts.get(j).length();
        }
        if (at - base >= SPACE) {
            throw new IllegalArgumentException("more than 2^48 tokens in one set: " + (at - base));
        }
        return new TokenAddresses(first, at - base);
    }

    /** The addresses of epoch {@code epoch} in a fresh-noise run: the whole range shifted past the earlier epochs. */
    public TokenAddresses epoch(int epoch) {
        if ((epoch + 1) * tokens >= DEV) {
            throw new IllegalArgumentException("fresh noise for " + (epoch + 1) + " epochs of " + tokens + " tokens overruns the training range");
        }
        long[] shifted = first.clone();
        for (int j = 0; j < shifted.length; j++) {
            shifted[j] += epoch * tokens;
        }
        return new TokenAddresses(shifted, tokens);
    }

    public int texts() { return first.length; }

    /** Text {@code text}'s first token index. */
    public long first(int text) { return first[text]; }

    /** The first token index of each of the texts {@code rows} (a batch, in its order). */
    public long[] firstOf(int[] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = first[rows[i]];
        }
        return out;
    }

    /** The first token index of every text, in order. */
    public long[] all() {
        return first.clone();
    }
}
