package io.privtune.split.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** One decoder block: pre-norm grouped-query causal attention with rotary positions, then a SwiGLU feed-forward. */
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

    LlamaBlock(
            LlamaConfig c,
            RotaryPositions rotary,
            NDArray attentionNorm,
            NDArray wq,
            NDArray wk,
            NDArray wv,
            NDArray wo,
            NDArray ffnNorm,
            NDArray gate,
            NDArray up,
            NDArray down) {
        this.c = c;
        this.rotary = rotary;
        this.attentionNorm = attentionNorm;
        // transposed once here: a transpose per call would be a new array in the model's long-lived manager
        this.wq = wq.transpose();
        this.wk = wk.transpose();
        this.wv = wv.transpose();
        this.wo = wo.transpose();
        this.ffnNorm = ffnNorm;
        this.gate = gate.transpose();
        this.up = up.transpose();
        this.down = down.transpose();
    }

    /** x [T, dim] → [T, dim]. */
    NDArray forward(NDArray x) {
        long length = x.getShape().get(0);
        int hs = c.headSize();
        NDArray h = LlamaModel.rmsNorm(x, attentionNorm, c.normEpsilon());
        NDArray q = rotary.apply(h.matMul(wq).reshape(length, c.heads(), hs));
        NDArray k = rotary.apply(h.matMul(wk).reshape(length, c.kvHeads(), hs));
        NDArray v = h.matMul(wv).reshape(length, c.kvHeads(), hs);
        int group = c.heads() / c.kvHeads();
        if (group > 1) { // query head i reads key/value head i / group
            k = k.repeat(1, group);
            v = v.repeat(1, group);
        }
        NDArray scores = q.transpose(1, 0, 2)
                .matMul(k.transpose(1, 2, 0))
                .div((float) Math.sqrt(hs))
                .add(causalMask(length, x.getManager()));
        NDArray attended = scores.softmax(-1).matMul(v.transpose(1, 0, 2)); // [heads, T, hs]
        x = x.add(attended.transpose(1, 0, 2).reshape(length, c.dim()).matMul(wo));
        NDArray f = LlamaModel.rmsNorm(x, ffnNorm, c.normEpsilon());
        NDArray g = f.matMul(gate);
        NDArray swish = g.mul(ai.djl.nn.Activation.sigmoid(g));
        return x.add(swish.mul(f.matMul(up)).matMul(down));
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
}
