package io.privtune.split.model.llama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A checkpoint in llama2.c's format (run.c): seven little-endian int32 (dim, hidden_dim, n_layers, n_heads,
 * n_kv_heads, vocab_size — negative when the classifier is not shared — and seq_len), then float32 tensors
 * in a fixed order, each stacked over the layers. Read into {@link LlamaWeights}' Hugging Face names.
 */
public final class Llama2cCheckpoint {
    private static final int HEADER_BYTES = 7 * 4;
    /** The largest byte[] the JVM allocates. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private Llama2cCheckpoint() {}

    public static LlamaWeights read(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                // one Java array holds the file; a model this size belongs in model.safetensors (HfLlamaCheckpoint)
                throw new IllegalArgumentException(
                        file + ": " + size + " bytes; this reader takes llama2.c checkpoints up to " + MAX_BYTES
                                + " bytes (convert larger models to a Hugging Face folder and read that)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file (a llama2.c checkpoint, e.g. stories260K.bin)");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        if (bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException(
                    file + ": " + bytes.length + " bytes, shorter than llama2.c's 28-byte header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int dim = buffer.getInt();
        int hidden = buffer.getInt();
        int layers = buffer.getInt();
        int heads = buffer.getInt();
        int kvHeads = buffer.getInt();
        int vocabField = buffer.getInt();
        int seqLen = buffer.getInt();
        LlamaConfig c;
        try {
            c = LlamaConfig.llama2c(dim, hidden, layers, heads, kvHeads, Math.abs(vocabField), seqLen, vocabField > 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not a llama2.c checkpoint header: " + e.getMessage());
        }
        int half = c.headSize() / 2;
        long floats = (long) c.vocab() * dim
                + (long) layers * (2L * dim + 2L * dim * dim + 2L * c.kvDim() * dim + 3L * hidden * dim)
                + dim
                + 2L * seqLen * half
                + (c.tiedHead() ? 0 : (long) c.vocab() * dim);
        long expected = HEADER_BYTES + 4 * floats;
        if (bytes.length != expected) {
            throw new IllegalArgumentException(
                    file + ": " + bytes.length + " bytes, expected " + expected + " for the header's shape " + c);
        }
        FloatBuffer f = buffer.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        Map<String, float[]> t = new LinkedHashMap<>();
        t.put("model.embed_tokens.weight", take(f, (long) c.vocab() * dim));
        stacked(f, t, c, "input_layernorm", dim);
        stacked(f, t, c, "self_attn.q_proj", (long) dim * dim);
        stacked(f, t, c, "self_attn.k_proj", (long) c.kvDim() * dim);
        stacked(f, t, c, "self_attn.v_proj", (long) c.kvDim() * dim);
        stacked(f, t, c, "self_attn.o_proj", (long) dim * dim);
        stacked(f, t, c, "post_attention_layernorm", dim);
        stacked(f, t, c, "mlp.gate_proj", (long) hidden * dim);
        stacked(f, t, c, "mlp.down_proj", (long) dim * hidden);
        stacked(f, t, c, "mlp.up_proj", (long) hidden * dim);
        t.put("model.norm.weight", take(f, dim));
        take(f, 2L * seqLen * half); // llama2.c's precomputed RoPE tables, unused: the model computes them
        if (!c.tiedHead()) {
            t.put("lm_head.weight", take(f, (long) c.vocab() * dim));
        }
        return new LlamaWeights(c, t, LlamaWeights.RotaryPairs.NEIGHBOURS);
    }

    private static void stacked(FloatBuffer f, Map<String, float[]> t, LlamaConfig c, String part, long perLayer) {
        for (int l = 0; l < c.layers(); l++) {
            t.put(LlamaWeights.layer(l, part), take(f, perLayer));
        }
    }

    private static float[] take(FloatBuffer f, long count) {
        float[] values = new float[Math.toIntExact(count)];
        f.get(values);
        return values;
    }
}
