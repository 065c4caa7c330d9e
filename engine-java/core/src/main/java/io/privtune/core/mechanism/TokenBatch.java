package io.privtune.core.mechanism;

import io.privtune.core.random.StreamAddresses;

/**
 * The bottom model's output for a batch, flattened to tokens: {@code tokens} rows of width {@code dim}
 * (padding positions may simply be left out, or marked special). Token ids stay on the device; they
 * are needed to pick targets, never uploaded.
 *
 * @param representations h, tokens x dim, row-major
 * @param tokenIds        the token id of each row
 * @param special         rows never perturbed ([CLS], [SEP], [PAD])
 * @param importance      w_i in [0, 1] per row (attention importance), or null when not computed
 * @param addresses       per row, where it draws its random streams under the noise key: its text's nonce and its
 *                        position in the text (see {@link StreamAddresses})
 */
public record TokenBatch(
        int tokens,
        int dim,
        float[] representations,
        int[] tokenIds,
        boolean[] special,
        float[] importance,
        StreamAddresses addresses) {
    public TokenBatch {
        if (tokens <= 0 || dim <= 0) {
            throw new IllegalArgumentException(
                    "a token batch needs tokens > 0 and dim > 0, found " + tokens + " x " + dim);
        }
        check("representations", representations.length, (long) tokens * dim);
        check("tokenIds", tokenIds.length, tokens);
        check("special", special.length, tokens);
        if (importance != null) {
            check("importance", importance.length, tokens);
            for (int i = 0; i < tokens; i++) {
                if (!(importance[i] >= 0 && importance[i] <= 1)) {
                    throw new IllegalArgumentException(
                            "token batch: importance of row " + i + " is " + importance[i] + ", expected [0, 1]");
                }
            }
        }
        for (int i = 0; i < representations.length; i++) {
            if (!Float.isFinite(representations[i])) {
                throw new IllegalArgumentException("token batch: representation of row " + (i / dim) + ", column "
                        + (i % dim) + " is " + representations[i]);
            }
        }
        check("addresses", addresses.rows(), tokens);
    }

    private static void check(String field, long found, long expected) {
        if (found != expected) {
            throw new IllegalArgumentException(
                    "token batch: " + field + " has " + found + " entries, expected " + expected);
        }
    }

    /** A batch without special tokens or importance whose rows are positions 0, 1, ... of one text with nonce {@code text}. */
    public static TokenBatch of(float[] representations, int[] tokenIds, int dim, long text) {
        return new TokenBatch(
                tokenIds.length,
                dim,
                representations,
                tokenIds,
                new boolean[tokenIds.length],
                null,
                StreamAddresses.of(text, tokenIds.length));
    }

    public TokenBatch withImportance(float[] weights) {
        return new TokenBatch(tokens, dim, representations, tokenIds, special, weights, addresses);
    }

    public TokenBatch withSpecial(boolean[] specialRows) {
        return new TokenBatch(tokens, dim, representations, tokenIds, specialRows, importance, addresses);
    }
}
