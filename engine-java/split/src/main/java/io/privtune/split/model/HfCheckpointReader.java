package io.privtune.split.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privtune.core.io.DType;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.Tensor;
import io.privtune.core.model.BertShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A Hugging Face checkpoint folder: {@code config.json} (model_type bert or roberta),
 * {@code model.safetensors} (PyTorch layout: Linear weights [out, in], transposed here) and
 * {@code tokenizer.json}. Heads (pooler, LM head) are ignored: the task head is trained from scratch.
 */
public final class HfCheckpointReader {
    private HfCheckpointReader() {}

    public static BertShape readConfig(Path folder) {
        Path file = folder.resolve("config.json");
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the model config: " + e.getMessage());
        }
        String type = text(c, "model_type", "bert");
        boolean roberta = type.equals("roberta") || type.equals("xlm-roberta");
        if (!roberta && !type.equals("bert")) {
            throw new IllegalArgumentException(
                    file + ": model_type '" + type + "' is not supported; expected bert or roberta");
        }
        int offset = roberta ? integer(file, c, "pad_token_id", 1) + 1 : 0;
        return new BertShape(
                integer(file, c, "vocab_size", -1),
                integer(file, c, "hidden_size", -1),
                integer(file, c, "num_hidden_layers", -1),
                integer(file, c, "num_attention_heads", -1),
                integer(file, c, "intermediate_size", -1),
                integer(file, c, "max_position_embeddings", 512),
                integer(file, c, "type_vocab_size", 2),
                (float) c.path("layer_norm_eps").asDouble(1e-12),
                offset);
    }

    public static BertWeights readWeights(Path folder, BertShape shape) {
        Path file = folder.resolve("model.safetensors");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    file + ": no such file (a checkpoint folder needs model.safetensors, config.json, tokenizer.json)");
        }
        Map<String, float[]> values = new HashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            for (Tensor t : st.tensors().values()) {
                String name = stripPrefix(t.name());
                if (t.dtype() != DType.F32
                        || name.startsWith("pooler.")
                        || name.startsWith("lm_head")
                        || name.startsWith("cls.")) {
                    continue;
                }
                float[] v = t.toFloatArray();
                long[] s = t.shape();
                if (BertWeights.isLinearWeight(name) && s.length == 2) {
                    v = transpose(v, (int) s[0], (int) s[1]);
                    s = new long[] {s[1], s[0]};
                }
                values.put(name, v);
                shapes.put(name, s);
            }
        }
        return new BertWeights(file.toString(), shape, values, shapes);
    }

    static String stripPrefix(String name) {
        for (String prefix : new String[] {"bert.", "roberta.", "model."}) {
            if (name.startsWith(prefix)) {
                return name.substring(prefix.length());
            }
        }
        return name;
    }

    static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    private static String text(JsonNode c, String field, String fallback) {
        return c.hasNonNull(field) ? c.get(field).asText() : fallback;
    }

    private static int integer(Path file, JsonNode c, String field, int fallback) {
        if (!c.hasNonNull(field)) {
            if (fallback < 0) {
                throw new IllegalArgumentException(file + ": missing '" + field + "'");
            }
            return fallback;
        }
        if (!c.get(field).canConvertToInt()) {
            throw new IllegalArgumentException(file + ": '" + field + "' must be an integer, found " + c.get(field));
        }
        return c.get(field).asInt();
    }
}
