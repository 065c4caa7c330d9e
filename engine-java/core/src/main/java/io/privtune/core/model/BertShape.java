package io.privtune.core.model;

/**
 * The sizes of a BERT-family encoder.
 *
 * @param positionOffset the row of the position table used for position 0: 0 for BERT; padding_idx + 1
 *                       (= 2) for RoBERTa, whose position ids start after the padding id
 */
public record BertShape(
        int vocabSize,
        int hidden,
        int layers,
        int heads,
        int intermediate,
        int maxPositions,
        int typeVocabSize,
        float layerNormEps,
        int positionOffset) {
    public BertShape {
        if (vocabSize < 2
                || hidden < 1
                || layers < 0
                || heads < 1
                || intermediate < 1
                || maxPositions < 3
                || typeVocabSize < 1
                || !(layerNormEps > 0)
                || positionOffset < 0
                || positionOffset >= maxPositions) {
            throw new IllegalArgumentException("impossible model shape: " + this);
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException(
                    "hidden size " + hidden + " is not divisible by the " + heads + " attention heads");
        }
    }

    /** Longest sequence the position table admits. */
    public int maxSequence() {
        return maxPositions - positionOffset;
    }

    public static BertShape bert(int vocab, int hidden, int layers, int heads, int intermediate) {
        return new BertShape(vocab, hidden, layers, heads, intermediate, 512, 2, 1e-12f, 0);
    }
}
