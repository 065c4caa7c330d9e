package io.privtune.core.mechanism;

/**
 * The bottom model's output for a batch, flattened to tokens: {@code tokens} rows of width {@code dim}
 * (padding positions may simply be left out, or marked special). Token ids stay on the device; they
 * are needed to pick targets, never uploaded.
 *
 * @param representations h, tokens x dim, row-major
 * @param tokenIds        the token id of each row
 * @param special         rows never perturbed ([CLS], [SEP], [PAD])
 * @param importance      w_i in [0, 1] per row (attention importance), or null when not computed
 * @param tokenIndices    per row, its global token index in the run: the address of its random streams under the
 *                        noise key (the device numbers tokens per example, so one text's noise never depends on its batch)
 */
public record TokenBatch(int tokens, int dim, float[] representations, int[] tokenIds, boolean[] special,
                         float[] importance, long[] tokenIndices) {
    public TokenBatch {
        if (tokens <= 0 || dim <= 0) {
            throw new IllegalArgumentException("a token batch needs tokens > 0 and dim > 0, found " + tokens + " x " + dim);
        }
        check("representations", representations.length, (long) tokens * dim);
        check("tokenIds", tokenIds.length, tokens);
        check("special", special.length, tokens);
        if (importance != null) {
            check("importance", importance.length, tokens);
            for (int i = 0; i < tokens; i++) {
                if (!(importance[i] >= 0 && importance[i] <= 1)) {
                    throw new IllegalArgumentException("token batch: importance of row " + i + " is " + importance[i] + ", expected [0, 1]");
                }
            }
        }
        for (int i = 0; i < representations.length; i++) {
            if (!Float.isFinite(representations[i])) {
                throw new IllegalArgumentException("token batch: representation of row " + (i / dim) + ", column " + (i % dim)
                        + " is " + representations[i]);
            }
        }
        check("tokenIndices", tokenIndices.length, tokens);
        for (int i = 0; i < tokens; i++) {
            if (tokenIndices[i] < 0) {
                throw new IllegalArgumentException("token batch: token index of row " + i + " is " + tokenIndices[i] + ", expected >= 0");
            }
        }
    }

    private static void check(String field, long found, long expected) {
        if (found != expected) {
            throw new IllegalArgumentException("token batch: " + field + " has " + found + " entries, expected " + expected);
        }
    }

    /** A batch without special tokens or importance, rows numbered from {@code firstTokenIndex}. */
    public static TokenBatch of(float[] representations, int[] tokenIds, int dim, long firstTokenIndex) {
        return new TokenBatch(tokenIds.length, dim, representations, tokenIds, new boolean[tokenIds.length], null,
                consecutive(firstTokenIndex, tokenIds.length));
    }

    /** first, first + 1, ..., first + n - 1. */
    public static long[] consecutive(long first, int n) {
        long[] indices = new long[n];
        for (int i = 0; i < n; i++) {
            indices[i] = first + i;
        }
        return indices;
    }

    public TokenBatch withImportance(float[] weights) {
        return new TokenBatch(tokens, dim, representations, tokenIds, special, weights, tokenIndices);
    }

    public TokenBatch withSpecial(boolean[] specialRows) {
        return new TokenBatch(tokens, dim, representations, tokenIds, specialRows, importance, tokenIndices);
    }
}
