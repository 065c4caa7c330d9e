package io.privtune.split.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * One decoder block: pre-norm grouped-query causal attention with rotary positions, then a SwiGLU
 * feed-forward. Frozen (the device's bottom, the reference decoder) or trainable (the cloud's middle, the
 * device's tail), with the same arithmetic either way.
 */
final class LlamaBlock {
    private final LlamaConfig c;
    private final RotaryPositions rotary;
    private final NDArray attentionNorm;
    /** Projections stored transposed ([in, out]), so each is x.matMul(w). */
    private final NDArray wq;

    private final NDArray wk;
    private final NDArray wv;
    private final NDArray wo;
    private final NDArray ffnNorm;
    private final NDArray gate;
    private final NDArray up;
    private final NDArray down;

    private LlamaBlock(LlamaConfig c, RotaryPositions rotary, NDArray[] p) {
        this.c = c;
        this.rotary = rotary;
        this.attentionNorm = p[0];
        this.wq = p[1];
        this.wk = p[2];
        this.wv = p[3];
        this.wo = p[4];
        this.ffnNorm = p[5];
        this.gate = p[6];
        this.up = p[7];
        this.down = p[8];
    }

    /**
     * Block {@code layer} of {@code w}, its arrays in {@code manager}. The projections are transposed here, in
     * Java, once: a transpose per call would pile up in a long-lived manager, and a trainable weight must be a
     * leaf array of its own, not a view. Names are the checkpoint's, so optimiser state and checkpoints can key on them.
     */
    static LlamaBlock load(LlamaWeights w, int layer, RotaryPositions rotary, NDManager manager, boolean trainable) {
        LlamaConfig c = w.config();
        NDArray[] p = {
            vector(w, layer, "input_layernorm", c.dim(), manager),
            matrix(w, layer, "self_attn.q_proj", c.dim(), c.dim(), manager),
            matrix(w, layer, "self_attn.k_proj", c.kvDim(), c.dim(), manager),
            matrix(w, layer, "self_attn.v_proj", c.kvDim(), c.dim(), manager),
            matrix(w, layer, "self_attn.o_proj", c.dim(), c.dim(), manager),
            vector(w, layer, "post_attention_layernorm", c.dim(), manager),
            matrix(w, layer, "mlp.gate_proj", c.hiddenDim(), c.dim(), manager),
            matrix(w, layer, "mlp.up_proj", c.hiddenDim(), c.dim(), manager),
            matrix(w, layer, "mlp.down_proj", c.dim(), c.hiddenDim(), manager)
        };
        for (NDArray a : p) {
            a.setRequiresGradient(trainable);
        }
        return new LlamaBlock(c, rotary, p);
    }

    /** Every weight, in a fixed order (the optimiser and checkpoints rely on it). */
    List<NDArray> parameters() {
        return List.of(attentionNorm, wq, wk, wv, wo, ffnNorm, gate, up, down);
    }

    /** x [T, dim] or [B, T, dim] → the same shape. */
    NDArray forward(NDArray x) {
        return forward(x, null);
    }

    /**
     * x [T, dim] or [B, T, dim] → the same shape; when {@code attention} is given, its first slot receives the
     * attention probabilities [B, heads, T, T] (query, key).
     */
    NDArray forward(NDArray x, NDArray[] attention) {
        boolean single = x.getShape().dimension() == 2;
        if (single) {
            x = x.expandDims(0);
        }
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int hs = c.headSize();
        NDArray h = LlamaModel.rmsNorm(x, attentionNorm, c.normEpsilon());
        NDArray q = rotary.apply(h.matMul(wq).reshape(batch, length, c.heads(), hs));
        NDArray k = rotary.apply(h.matMul(wk).reshape(batch, length, c.kvHeads(), hs));
        NDArray v = h.matMul(wv).reshape(batch, length, c.kvHeads(), hs);
        int group = c.heads() / c.kvHeads();
        if (group > 1) { // query head i reads key/value head i / group
            k = k.repeat(2, group);
            v = v.repeat(2, group);
        }
        // the divisor as an array of x's manager, not div(Number): DJL makes a Number a tensor over a direct buffer
        // and closes it at once, while autograd keeps it for the backward pass, which then reads freed memory once the
        // garbage collector has run (a wrong gradient, or NaN, depending on when it runs)
        NDArray scale = x.getManager().create((float) Math.sqrt(hs));
        NDArray scores = q.transpose(0, 2, 1, 3)
                .matMul(k.transpose(0, 2, 3, 1))
                .div(scale)
                .add(causalMask(length, x.getManager()));
        NDArray probabilities = scores.softmax(-1); // [B, heads, T, T]
        if (attention != null) {
            attention[0] = probabilities;
        }
        NDArray attended = probabilities.matMul(v.transpose(0, 2, 1, 3)); // [B, heads, T, hs]
        x = x.add(attended.transpose(0, 2, 1, 3).reshape(batch, length, c.dim()).matMul(wo));
        NDArray f = LlamaModel.rmsNorm(x, ffnNorm, c.normEpsilon());
        NDArray g = f.matMul(gate);
        NDArray swish = g.mul(ai.djl.nn.Activation.sigmoid(g));
        NDArray out = x.add(swish.mul(f.matMul(up)).matMul(down));
        return single ? out.squeeze(0) : out;
    }

    /** 0 where position t may see s (s ≤ t), −∞ above the diagonal. */
    private static NDArray causalMask(long length, NDManager m) {
        float[] mask = new float[Math.toIntExact(length * length)];
        for (int t = 0; t < length; t++) {
            for (int s = t + 1; s < length; s++) {
                mask[(int) (t * length + s)] = Float.NEGATIVE_INFINITY;
            }
        }
        return m.create(mask, new Shape(length, length));
    }

    private static NDArray matrix(LlamaWeights w, int layer, String part, int rows, int cols, NDManager manager) {
        String name = LlamaWeights.layer(layer, part);
        float[] values = w.get(name, (long) rows * cols);
        float[] transposed = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                transposed[col * rows + r] = values[r * cols + col];
            }
        }
        NDArray a = manager.create(transposed, new Shape(cols, rows));
        a.setName(name);
        return a;
    }

    private static NDArray vector(LlamaWeights w, int layer, String part, int size, NDManager manager) {
        String name = LlamaWeights.layer(layer, part);
        NDArray a = manager.create(w.get(name, size), new Shape(size));
        a.setName(name);
        return a;
    }
}
