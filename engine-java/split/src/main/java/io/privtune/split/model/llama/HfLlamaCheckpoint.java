package io.privtune.split.model.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privtune.core.io.DType;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.SafetensorsWriter;
import io.privtune.core.io.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A Hugging Face Llama checkpoint folder: {@code config.json} with {@code model_type} llama and
 * {@code model.safetensors} (float32, PyTorch layout, rotary pairs as halves). {@link #write} converts any
 * {@link LlamaWeights} to that layout as Hugging Face's own converter does (query and key rows of each head
 * permuted from neighbour pairs to halves), so a llama2.c model can be served from either format.
 */
public final class HfLlamaCheckpoint {
    private static final String[] LAYER_PARTS = {
        "input_layernorm",
        "self_attn.q_proj",
        "self_attn.k_proj",
        "self_attn.v_proj",
        "self_attn.o_proj",
        "post_attention_layernorm",
        "mlp.gate_proj",
        "mlp.up_proj",
        "mlp.down_proj"
    };

    private HfLlamaCheckpoint() {}

    public static LlamaWeights read(Path folder) {
        Path configFile = folder.resolve("config.json");
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(configFile.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(configFile + ": cannot read the model config: " + e.getMessage());
        }
        String type = json.path("model_type").asText("");
        if (!type.equals("llama")) {
            throw new IllegalArgumentException(configFile + ": model_type is '" + type + "', expected 'llama'");
        }
        int heads = integer(configFile, json, "num_attention_heads");
        refuseWhatThisModelDoesNotDo(configFile, json, heads);
        LlamaConfig c = new LlamaConfig(
                integer(configFile, json, "hidden_size"),
                integer(configFile, json, "intermediate_size"),
                integer(configFile, json, "num_hidden_layers"),
                heads,
                json.has("num_key_value_heads") ? integer(configFile, json, "num_key_value_heads") : heads,
                integer(configFile, json, "vocab_size"),
                integer(configFile, json, "max_position_embeddings"),
                json.path("tie_word_embeddings").asBoolean(false),
                (float) json.path("rms_norm_eps").asDouble(1e-6),
                (float) json.path("rope_theta").asDouble(10000));
        Path file = folder.resolve("model.safetensors");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    file + ": no such file (a Llama checkpoint folder needs model.safetensors)");
        }
        Map<String, float[]> tensors = new HashMap<>();
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            for (Tensor t : st.tensors().values()) {
                if (t.name().contains("rotary_emb")) {
                    continue; // cached rotary tables of older checkpoints: recomputed from rope_theta
                }
                if (t.dtype() != DType.F32) {
                    throw new IllegalArgumentException(file + ": tensor '" + t.name() + "' is " + t.dtype()
                            + "; this reader takes float32 (convert the checkpoint with torch_dtype=float32)");
                }
                tensors.put(t.name(), t.toFloatArray());
            }
        }
        refuseUnusedTensors(file, c, tensors);
        return new LlamaWeights(c, tensors, LlamaWeights.RotaryPairs.HALVES);
    }

    /** LlamaBlock computes plain Llama: a checkpoint that asks for more would be run wrong, silently. */
    private static void refuseWhatThisModelDoesNotDo(Path configFile, JsonNode json, int heads) {
        JsonNode scaling = json.path("rope_scaling");
        if (!scaling.isMissingNode() && !scaling.isNull()) {
            throw new IllegalArgumentException(configFile + ": rope_scaling is " + scaling
                    + ", expected null (scaled rotary positions are not implemented)");
        }
        String act = json.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException(configFile + ": hidden_act is '" + act + "', expected 'silu'");
        }
        for (String bias : new String[] {"attention_bias", "mlp_bias"}) {
            if (json.path(bias).asBoolean(false)) {
                throw new IllegalArgumentException(
                        configFile + ": " + bias + " is true, expected false (projections without biases)");
            }
        }
        JsonNode headDim = json.get("head_dim");
        int hidden = integer(configFile, json, "hidden_size");
        if (headDim != null && !headDim.isNull() && headDim.asInt() * heads != hidden) {
            throw new IllegalArgumentException(configFile + ": head_dim is " + headDim + ", expected hidden_size / "
                    + "num_attention_heads = " + hidden + " / " + heads);
        }
    }

    /** Every tensor must be one the model reads: an extra one (a bias, an untied head) means another architecture. */
    private static void refuseUnusedTensors(Path file, LlamaConfig c, Map<String, float[]> tensors) {
        java.util.Set<String> used =
                new java.util.HashSet<>(java.util.List.of("model.embed_tokens.weight", "model.norm.weight"));
        if (!c.tiedHead()) {
            used.add("lm_head.weight");
        }
        for (int l = 0; l < c.layers(); l++) {
            for (String part : LAYER_PARTS) {
                used.add(LlamaWeights.layer(l, part));
            }
        }
        java.util.List<String> unused = new java.util.TreeSet<>(tensors.keySet())
                .stream().filter(name -> !used.contains(name)).toList();
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(file + ": tensors this Llama model does not use: "
                    + unused.subList(0, Math.min(5, unused.size()))
                    + (unused.size() > 5 ? " and " + (unused.size() - 5) + " more" : "")
                    + (c.tiedHead() ? " (config.json ties the head to the embedding)" : ""));
        }
    }

    /** Writes {@code w} as a Hugging Face Llama folder (config.json + model.safetensors). */
    public static void write(LlamaWeights w, Path folder) {
        LlamaConfig c = w.config();
        boolean permute = w.rotary() == LlamaWeights.RotaryPairs.NEIGHBOURS;
        SafetensorsWriter out = new SafetensorsWriter();
        for (Map.Entry<String, float[]> e : new java.util.TreeMap<>(w.tensors()).entrySet()) {
            String name = e.getKey();
            float[] v = e.getValue();
            long rows = name.contains("_proj") || name.contains("embed_tokens") || name.equals("lm_head.weight")
                    ? v.length / columns(c, name)
                    : -1;
            if (permute && name.endsWith("q_proj.weight")) {
                v = neighboursToHalves(v, c.heads(), c.headSize(), c.dim());
            } else if (permute && name.endsWith("k_proj.weight")) {
                v = neighboursToHalves(v, c.kvHeads(), c.headSize(), c.dim());
            }
            if (rows < 0) {
                out.addF32(name, v, v.length);
            } else {
                out.addF32(name, v, rows, columns(c, name));
            }
        }
        ObjectNode config = new ObjectMapper().createObjectNode();
        config.put("model_type", "llama");
        config.putArray("architectures").add("LlamaForCausalLM");
        config.put("hidden_size", c.dim());
        config.put("intermediate_size", c.hiddenDim());
        config.put("num_hidden_layers", c.layers());
        config.put("num_attention_heads", c.heads());
        config.put("num_key_value_heads", c.kvHeads());
        config.put("vocab_size", c.vocab());
        config.put("max_position_embeddings", c.contextLength());
        config.put("tie_word_embeddings", c.tiedHead());
        config.put("rms_norm_eps", c.normEpsilon());
        config.put("rope_theta", c.ropeTheta());
        config.put("hidden_act", "silu");
        config.put("torch_dtype", "float32");
        try {
            Files.createDirectories(folder);
            new ObjectMapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValue(folder.resolve("config.json").toFile(), config);
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": " + e.getMessage(), e);
        }
        out.write(folder.resolve("model.safetensors"));
    }

    private static int columns(LlamaConfig c, String name) {
        return name.endsWith("down_proj.weight") ? c.hiddenDim() : c.dim();
    }

    /** Row 2j + e of each head moves to e·(head/2) + j: Hugging Face's permute() in its Llama converter. */
    static float[] neighboursToHalves(float[] w, int heads, int headSize, int cols) {
        float[] out = new float[w.length];
        int half = headSize / 2;
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < half; j++) {
                for (int e = 0; e < 2; e++) {
                    int from = h * headSize + 2 * j + e;
                    int to = h * headSize + e * half + j;
                    System.arraycopy(w, from * cols, out, to * cols, cols);
                }
            }
        }
        return out;
    }

    private static int integer(Path file, JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException(
                    file + ": expected an integer '" + field + "', found " + (v == null ? "nothing" : v.toString()));
        }
        return v.asInt();
    }
}
