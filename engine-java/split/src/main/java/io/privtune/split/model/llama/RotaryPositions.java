package io.privtune.split.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding: pair j of a head at position p turns by p·θ_j, θ_j = base^(−2j/head). The
 * angles are computed in float as llama2.c's run.c does (powf, then cosf/sinf of p·θ), so a greedy decode
 * can match it token for token.
 */
final class RotaryPositions {
    private final int headSize;
    private final float base;
    private final LlamaWeights.RotaryPairs pairs;

    RotaryPositions(int headSize, float base, LlamaWeights.RotaryPairs pairs) {
        this.headSize = headSize;
        this.base = base;
        this.pairs = pairs;
    }

    /** x [..., T, heads, headSize] (any leading batch axes) at positions 0..T−1, rotated. */
    NDArray apply(NDArray x) {
        NDManager m = x.getManager();
        Shape shape = x.getShape();
        int axes = shape.dimension();
        int length = Math.toIntExact(shape.get(axes - 3));
        int half = headSize / 2;
        float[] cos = new float[length * half];
        float[] sin = new float[length * half];
        for (int p = 0; p < length; p++) {
            for (int j = 0; j < half; j++) {
                float frequency = 1.0f / (float) Math.pow(base, (2 * j) / (float) headSize);
                float angle = p * frequency;
                cos[p * half + j] = (float) Math.cos(angle);
                sin[p * half + j] = (float) Math.sin(angle);
            }
        }
        NDArray c = m.create(cos, new Shape(length, 1, half));
        NDArray s = m.create(sin, new Shape(length, 1, half));
        NDArray even;
        NDArray odd;
        if (pairs == LlamaWeights.RotaryPairs.NEIGHBOURS) {
            NDArray pairsView = x.reshape(shape.slice(0, axes - 1).add(half, 2));
            even = pairsView.get("..., 0");
            odd = pairsView.get("..., 1");
        } else {
            even = x.get("..., :" + half);
            odd = x.get("..., " + half + ":");
        }
        NDArray rotatedEven = even.mul(c).sub(odd.mul(s));
        NDArray rotatedOdd = even.mul(s).add(odd.mul(c));
        return pairs == LlamaWeights.RotaryPairs.NEIGHBOURS
                ? NDArrays.stack(new ai.djl.ndarray.NDList(rotatedEven, rotatedOdd), axes)
                        .reshape(shape)
                : NDArrays.concat(new ai.djl.ndarray.NDList(rotatedEven, rotatedOdd), axes - 1);
    }
}
