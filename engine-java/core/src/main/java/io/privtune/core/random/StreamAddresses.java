package io.privtune.core.random;

/**
 * Where each row of a batch draws its random numbers: a 64-bit text nonce and the row's position in its
 * text, which together form the ChaCha20 nonce (position, nonce low, nonce high) of the row's streams.
 * The device derives a text's nonce from the key, the upload's settings and the text's own token ids
 * ({@link NoiseKey#textNonce}): the same text under the same settings always gets the same noise (no two
 * independent noisings to average), and two different texts or settings never share noise (nothing to
 * subtract), whatever batch, epoch, session or run they travel in.
 */
public final class StreamAddresses {
    private final long[] texts;
    private final int[] positions;

    public StreamAddresses(long[] texts, int[] positions) {
        if (texts.length != positions.length) {
            throw new IllegalArgumentException(
                    "stream addresses: " + texts.length + " text nonces but " + positions.length + " positions");
        }
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] < 0) {
                throw new IllegalArgumentException(
                        "stream addresses: position of row " + i + " is " + positions[i] + ", expected >= 0");
            }
        }
        this.texts = texts;
        this.positions = positions;
    }

    /** {@code n} rows of one text: positions 0 .. n-1 under nonce {@code text}. */
    public static StreamAddresses of(long text, int n) {
        long[] t = new long[n];
        int[] p = new int[n];
        java.util.Arrays.fill(t, text);
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return new StreamAddresses(t, p);
    }

    public int rows() {
        return texts.length;
    }

    public long text(int row) {
        return texts[row];
    }

    public int position(int row) {
        return positions[row];
    }

    /** The text nonces, one per row (the CUDA backend uploads these). */
    public long[] texts() {
        return texts.clone();
    }

    /** The positions, one per row. */
    public int[] positions() {
        return positions.clone();
    }
}
