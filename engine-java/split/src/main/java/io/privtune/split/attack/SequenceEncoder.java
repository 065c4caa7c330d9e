package io.privtune.split.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * What {@link ContextualInversionAttack} reads a padded batch of uploaded sequences with: context features at every
 * position, from which its head names the token there. The attack owns the input's standardisation, the head, the
 * training and the scoring; an encoder owns only how positions see each other, and must keep every real position
 * blind to the padding after its text.
 */
interface SequenceEncoder {
    /** The trainable blocks, initialised, in the order their weights are saved. */
    List<Block> blocks();

    /** Features per position that {@link #encode} returns. */
    long width();

    /**
     * B x L x {@link #width()} context features.
     *
     * @param input   B x L x d standardised rows, zero after each text's end
     * @param reverse B x L x L: row t of text b has a 1 at its mirror position within the text's own length
     * @param present B x L: 1 at a text's positions, 0 in its padding
     */
    NDArray encode(ParameterStore store, NDArray input, NDArray reverse, NDArray present, boolean training);
}
