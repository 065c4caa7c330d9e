package io.privtune.split.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/** The cloud's part of a decoder: blocks m+1..L−tail, trainable, run on the uploaded representations. */
public final class DecoderMiddle {
    private final LlamaConfig config;
    private final List<LlamaBlock> blocks = new ArrayList<>();

    DecoderMiddle(LlamaWeights weights, int from, int to, RotaryPositions rotary, NDManager manager) {
        this.config = weights.config();
        for (int l = from; l < to; l++) {
            blocks.add(LlamaBlock.load(weights, l, rotary, manager, true));
        }
    }

    /** Uploads (windows x length x dim floats) through the cloud's blocks: [windows, length, dim] in {@code scope}. */
    public NDArray forward(NDManager scope, float[] uploaded, int windows, int length) {
        if ((long) windows * length * config.dim() != uploaded.length) {
            throw new IllegalArgumentException("an upload of " + windows + " windows x " + length + " tokens x "
                    + config.dim() + " needs " + (long) windows * length * config.dim() + " floats, found "
                    + uploaded.length);
        }
        NDArray x = scope.create(uploaded, new Shape(windows, length, config.dim()));
        for (LlamaBlock block : blocks) {
            x = block.forward(x);
        }
        return x;
    }

    /** Every trainable array, in a fixed order. */
    public List<NDArray> parameters() {
        List<NDArray> all = new ArrayList<>();
        for (LlamaBlock block : blocks) {
            all.addAll(block.parameters());
        }
        return all;
    }
}
