package io.privtune.split.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.privtune.split.text.Encoding;
import java.util.List;

/** Sentences padded to the longest one: ids and attention mask, row-major B x L. */
public record PaddedBatch(int batch, int length, long[] ids, float[] mask, boolean[] special) {

    public static PaddedBatch of(List<Encoding> sentences) {
        return of(sentences, sentences.stream().mapToInt(Encoding::length).max().orElse(0));
    }

    /** Padded to {@code length} positions, which must fit the longest sentence. */
    public static PaddedBatch of(List<Encoding> sentences, int length) {
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one sentence");
        }
        if (sentences.stream().anyMatch(e -> e.length() > length)) {
            throw new IllegalArgumentException("a sentence is longer than the batch length " + length);
        }
        int b = sentences.size();
        long[] ids = new long[b * length];
        float[] mask = new float[b * length];
        boolean[] special = new boolean[b * length];
        for (int s = 0; s < b; s++) {
            Encoding e = sentences.get(s);
            for (int i = 0; i < length; i++) {
                int at = s * length + i;
                if (i < e.length()) {
                    ids[at] = e.ids()[i];
                    mask[at] = 1f;
                    special[at] = e.special()[i];
                } else {
                    special[at] = true; // padding: never perturbed, never attended to
                }
            }
        }
        return new PaddedBatch(b, length, ids, mask, special);
    }

    /** The real length of row {@code row} (its real tokens are a prefix). */
    public int realLength(int row) {
        int n = 0;
        while (n < length && mask[row * length + n] > 0) {
            n++;
        }
        return n;
    }

    /** Rows {@code rows} of this batch, padded (or cut back) to {@code newLength}, which must hold each row's real tokens. */
    public PaddedBatch select(int[] rows, int newLength) {
        long[] newIds = new long[rows.length * newLength];
        float[] newMask = new float[rows.length * newLength];
        boolean[] newSpecial = new boolean[rows.length * newLength];
        java.util.Arrays.fill(newSpecial, true);
        for (int r = 0; r < rows.length; r++) {
            int real = realLength(rows[r]);
            if (real > newLength) {
                throw new IllegalArgumentException(
                        "row " + rows[r] + " has " + real + " tokens, more than " + newLength);
            }
            int keep = Math.min(length, newLength);
            System.arraycopy(ids, rows[r] * length, newIds, r * newLength, keep);
            System.arraycopy(mask, rows[r] * length, newMask, r * newLength, keep);
            System.arraycopy(special, rows[r] * length, newSpecial, r * newLength, keep);
        }
        return new PaddedBatch(rows.length, newLength, newIds, newMask, newSpecial);
    }

    NDArray idArray(NDManager manager) {
        return manager.create(ids, new Shape(batch, length));
    }

    public NDArray maskArray(NDManager manager) {
        return manager.create(mask, new Shape(batch, length));
    }

    /** (1 − mask) · −10000 as [B, 1, 1, L], added to attention scores so padding gets no attention. */
    static NDArray maskBias(NDArray mask) {
        Shape s = mask.getShape();
        return mask.neg().add(1f).mul(-10000f).reshape(s.get(0), 1, 1, s.get(1));
    }
}
