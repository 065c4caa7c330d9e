package io.privtune.split.model.llama;

/**
 * The shape of a Llama-architecture decoder: width, feed-forward width, blocks, query heads, key/value
 * heads (grouped-query attention when fewer), vocabulary, context length, and whether the output head is
 * the token embedding (tied) or a matrix of its own; the RMSNorm epsilon and the rotary base.
 */
public record LlamaConfig(
        int dim,
        int hiddenDim,
        int layers,
        int heads,
        int kvHeads,
        int vocab,
        int contextLength,
        boolean tiedHead,
        float normEpsilon,
        float ropeTheta) {
    /** llama2.c's constants: RMSNorm ε = 1e-5, rotary base 10 000. */
    public static LlamaConfig llama2c(
            int dim,
            int hiddenDim,
            int layers,
            int heads,
            int kvHeads,
            int vocab,
            int contextLength,
            boolean tiedHead) {
        return new LlamaConfig(dim, hiddenDim, layers, heads, kvHeads, vocab, contextLength, tiedHead, 1e-5f, 10000f);
    }

    public LlamaConfig {
        if (!(normEpsilon > 0) || !(ropeTheta > 1)) {
            throw new IllegalArgumentException(
                    "need an RMSNorm epsilon > 0 and a rotary base > 1, found " + normEpsilon + " and " + ropeTheta);
        }
        if (dim <= 0
                || hiddenDim <= 0
                || layers <= 0
                || heads <= 0
                || kvHeads <= 0
                || vocab <= 0
                || contextLength <= 0) {
            throw new IllegalArgumentException("every size of a Llama config must be positive, found " + this);
        }
        if (dim % heads != 0 || heads % kvHeads != 0 || (dim / heads) % 2 != 0) {
            throw new IllegalArgumentException(
                    "need dim divisible by heads, heads by kv heads and an even head size, found " + this);
        }
    }

    public int headSize() {
        return dim / heads;
    }

    /** Width of the keys and values: one head size per key/value head. */
    public int kvDim() {
        return kvHeads * headSize();
    }
}
