package io.privtune.split.model.llama;

import java.util.Map;

/**
 * A decoder's weights as named float arrays in the PyTorch layout (Linear weights [out, in]), names as in
 * Hugging Face Llama checkpoints: {@code model.embed_tokens.weight}, {@code model.layers.N.self_attn.q_proj.weight},
 * ..., {@code model.norm.weight}, {@code lm_head.weight} (absent when the head is tied).
 */
public record LlamaWeights(LlamaConfig config, Map<String, float[]> tensors, RotaryPairs rotary) {
    /**
     * Which dimensions of a head rotary positions turn together: Meta's and llama2.c's checkpoints pair
     * neighbours (2i, 2i+1); Hugging Face's pair the halves (i, i + head/2), its converter permuting the
     * query and key rows to match.
     */
    public enum RotaryPairs {
        NEIGHBOURS,
        HALVES
    }

    public LlamaWeights {
        tensors = Map.copyOf(tensors);
    }

    /** The named tensor, checked to hold {@code expected} floats. */
    public float[] get(String name, long expected) {
        float[] values = tensors.get(name);
        if (values == null) {
            throw new IllegalArgumentException("Llama weights: no tensor '" + name + "'");
        }
        if (values.length != expected) {
            throw new IllegalArgumentException(
                    "Llama weights: '" + name + "' has " + values.length + " values, expected " + expected);
        }
        return values;
    }

    static String layer(int l, String part) {
        return "model.layers." + l + "." + part + ".weight";
    }
}
