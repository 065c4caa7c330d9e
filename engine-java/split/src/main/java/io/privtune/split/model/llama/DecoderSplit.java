package io.privtune.split.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A decoder cut U-shaped for split fine-tuning: the device keeps the token embedding and blocks 1..m
 * ({@link DecoderBottom}, frozen) and the last {@code tailBlocks} blocks with the final norm and the output
 * head ({@link DecoderTail}); the cloud holds the blocks between ({@link DecoderMiddle}). Next-token labels
 * are the text itself, so the loss is computed on the device: the cloud sees perturbed uploads and the
 * gradient of the loss with respect to its own output, never a token id.
 */
public final class DecoderSplit implements AutoCloseable {
    private final NDManager manager;
    private final DecoderBottom bottom;
    private final DecoderMiddle middle;
    private final DecoderTail tail;
    private final int splitPoint;
    private final int tailBlocks;

    /**
     * @param splitPoint m, the blocks on the device before the upload (0 uploads the token embeddings)
     * @param tailBlocks the blocks the device keeps after the cloud's part (at least 1: the head alone would
     *     hand the cloud the next-token logits' inputs in the clear)
     */
    public DecoderSplit(LlamaWeights weights, String modelName, int splitPoint, int tailBlocks, NDManager parent) {
        LlamaConfig c = weights.config();
        if (tailBlocks < 1) {
            throw new IllegalArgumentException("the device's tail needs at least 1 block, found " + tailBlocks);
        }
        if (splitPoint < 0 || splitPoint + tailBlocks >= c.layers()) {
            throw new IllegalArgumentException("split point m must leave the cloud at least one of the " + c.layers()
                    + " blocks with " + tailBlocks + " on the device's tail: m in [0, "
                    + (c.layers() - tailBlocks - 1) + "], found " + splitPoint);
        }
        this.splitPoint = splitPoint;
        this.tailBlocks = tailBlocks;
        this.manager = parent.newSubManager();
        RotaryPositions rotary = new RotaryPositions(c.headSize(), c.ropeTheta(), weights.rotary());
        NDArray embedding = manager.create(
                weights.get("model.embed_tokens.weight", (long) c.vocab() * c.dim()), new Shape(c.vocab(), c.dim()));
        this.bottom = new DecoderBottom(weights, modelName, splitPoint, embedding, rotary, manager);
        this.middle = new DecoderMiddle(weights, splitPoint, c.layers() - tailBlocks, rotary, manager);
        this.tail = new DecoderTail(weights, c.layers() - tailBlocks, embedding, rotary, manager);
    }

    /** m: the blocks on the device before the upload. */
    public int splitPoint() {
        return splitPoint;
    }

    /** The blocks on the device after the cloud's part. */
    public int tailBlocks() {
        return tailBlocks;
    }

    public DecoderBottom bottom() {
        return bottom;
    }

    public DecoderMiddle middle() {
        return middle;
    }

    public DecoderTail tail() {
        return tail;
    }

    @Override
    public void close() {
        manager.close();
    }
}
