package io.privtune.split.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The device's tail of a decoder: the last blocks and the final norm (trainable) and the output head (frozen:
 * when tied it is the bottom's token embedding, which the dictionary R is computed from). It turns the cloud's
 * output into next-token logits and the loss, so labels never leave the device.
 */
public final class DecoderTail {
    private final LlamaConfig config;
    private final List<LlamaBlock> blocks = new ArrayList<>();
    private final NDArray finalNorm;
    private final NDArray headTransposed;

    DecoderTail(LlamaWeights weights, int from, NDArray embedding, RotaryPositions rotary, NDManager manager) {
        this.config = weights.config();
        LlamaConfig c = config;
        for (int l = from; l < c.layers(); l++) {
            blocks.add(LlamaBlock.load(weights, l, rotary, manager, true));
        }
        this.finalNorm = manager.create(weights.get("model.norm.weight", c.dim()), new Shape(c.dim()));
        finalNorm.setName("model.norm.weight");
        finalNorm.setRequiresGradient(true);
        NDArray head = c.tiedHead()
                ? embedding
                : manager.create(
                        weights.get("lm_head.weight", (long) c.vocab() * c.dim()), new Shape(c.vocab(), c.dim()));
        this.headTransposed = head.transpose(); // once: a view in the long-lived manager
    }

    /** Next-token logits [windows, length, vocab] from the cloud's output [windows, length, dim]. */
    public NDArray logits(NDArray fromCloud) {
        NDArray x = fromCloud;
        for (LlamaBlock block : blocks) {
            x = block.forward(x);
        }
        return LlamaModel.rmsNorm(x, finalNorm, config.normEpsilon()).matMul(headTransposed);
    }

    /**
     * Summed negative log-likelihood of each window's tokens 1..T−1 given those before (a scalar NDArray), from
     * the cloud's output for {@code windows} (ids [windows x length], row-major).
     */
    public NDArray summedLoss(NDArray fromCloud, int[] windows) {
        return windowLosses(fromCloud, windows).sum();
    }

    /** Each window's summed negative log-likelihood of its tokens 1..T−1 ([windows]). */
    public NDArray windowLosses(NDArray fromCloud, int[] windows) {
        NDArray logits = logits(fromCloud);
        long b = logits.getShape().get(0);
        long t = logits.getShape().get(1);
        if (windows.length != b * t) {
            throw new IllegalArgumentException(
                    "expected " + b * t + " token ids (" + b + " windows x " + t + "), found " + windows.length);
        }
        NDManager m = logits.getManager();
        NDArray targets = m.create(windows, new Shape(b, t)).get(":, 1:").toType(DataType.INT64, false);
        NDArray logProbabilities = logits.get(":, :-1, :").logSoftmax(-1);
        return logProbabilities
                .mul(targets.oneHot(config.vocab()))
                .sum(new int[] {1, 2})
                .neg();
    }

    /** Every trainable array, in a fixed order. */
    public List<NDArray> parameters() {
        List<NDArray> all = new ArrayList<>();
        for (LlamaBlock block : blocks) {
            all.addAll(block.parameters());
        }
        all.add(finalNorm);
        return all;
    }
}
