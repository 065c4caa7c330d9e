package io.privtune.split.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A Llama-architecture decoder on DJL NDArrays from its own weights: token embedding, blocks of RMSNorm →
 * grouped-query causal self-attention with rotary positions → residual, RMSNorm → SwiGLU feed-forward →
 * residual; a final RMSNorm and the output head (the token embedding when tied). Frozen: no gradients.
 */
public final class LlamaModel implements AutoCloseable {
    private final LlamaConfig config;
    private final NDManager manager;
    private final NDArray embedding;
    private final List<LlamaBlock> blocks = new ArrayList<>();
    private final NDArray finalNorm;
    private final NDArray headTransposed;

    public LlamaModel(LlamaWeights w, NDManager parent) {
        this.config = w.config();
        this.manager = parent.newSubManager();
        LlamaConfig c = config;
        this.embedding = matrix(w, "model.embed_tokens.weight", c.vocab(), c.dim());
        RotaryPositions rotary = new RotaryPositions(c.headSize(), c.ropeTheta(), w.rotary());
        for (int l = 0; l < c.layers(); l++) {
            blocks.add(LlamaBlock.load(w, l, rotary, manager, false));
        }
        this.finalNorm = vector(w, "model.norm.weight", c.dim());
        // transposed once ([dim, vocab]): a transpose per call would pile up in this long-lived manager
        this.headTransposed = (c.tiedHead() ? embedding : matrix(w, "lm_head.weight", c.vocab(), c.dim())).transpose();
    }

    public LlamaConfig config() {
        return config;
    }

    /** Next-token logits [T, vocab] for every position of {@code ids} (causal: position t sees 0..t). */
    public float[] logits(int[] ids) {
        if (ids.length == 0 || ids.length > config.contextLength()) {
            throw new IllegalArgumentException(
                    "a sequence needs 1.." + config.contextLength() + " tokens, found " + ids.length);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = embed(ids, scope);
            for (LlamaBlock block : blocks) {
                x = block.forward(x);
            }
            NDArray out = rmsNorm(x, finalNorm, config.normEpsilon()).matMul(headTransposed);
            return out.toFloatArray();
        }
    }

    private NDArray embed(int[] ids, NDManager scope) {
        for (int id : ids) {
            if (id < 0 || id >= config.vocab()) {
                throw new IllegalArgumentException(
                        "token id " + id + " is outside the vocabulary 0.." + (config.vocab() - 1));
            }
        }
        NDArray index = scope.create(ids).toType(DataType.INT64, false);
        NDArray x = embedding.get(new NDIndex("{}", index));
        x.attach(scope);
        return x;
    }

    /** x · w / sqrt(mean(x²) + ε) over the last axis. */
    static NDArray rmsNorm(NDArray x, NDArray weight, float epsilon) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        return x.div(meanSquare.add(epsilon).sqrt()).mul(weight);
    }

    private NDArray matrix(LlamaWeights w, String name, int rows, int cols) {
        return manager.create(w.get(name, (long) rows * cols), new Shape(rows, cols));
    }

    private NDArray vector(LlamaWeights w, String name, int size) {
        return manager.create(w.get(name, size), new Shape(size));
    }

    @Override
    public void close() {
        manager.close();
    }
}
