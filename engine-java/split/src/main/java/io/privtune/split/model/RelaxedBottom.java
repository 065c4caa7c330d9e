package io.privtune.split.model;

import ai.djl.ndarray.NDArray;

/**
 * A device's frozen bottom as a differentiable function of word vectors, what the optimisation attack (docs/DESIGN.md
 * §4, EIA 3) descends through: an encoder's ({@link BottomModel}) or a decoder's.
 */
public interface RelaxedBottom {
    /** The width d of the bottom's output. */
    int hidden();

    /** The vocabulary size V: rows of {@link #wordEmbeddings()}. */
    int vocabSize();

    /** The word-embedding matrix E [V, d], owned by the model: do not close it. */
    NDArray wordEmbeddings();

    /**
     * The bottom on word vectors [B, L, d] instead of token ids, as an NDArray graph (weights frozen); the result
     * belongs to the manager of {@code wordVectors}.
     *
     * @param mask [B, L] attention mask (1 = real token)
     */
    NDArray forwardRelaxed(NDArray wordVectors, NDArray mask);
}
