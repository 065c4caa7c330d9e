package io.privtune.split.model;

import io.privtune.core.model.BertShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a BERT-family encoder under Hugging Face names (without the "bert."/"roberta."
 * prefix), with every Linear weight stored [in, out] so that a layer computes x · W + b. Validated
 * on construction against the model's shape: every tensor present, right shape, finite.
 */
public final class BertWeights {
    private final String source;
    private final BertShape shape;
    private final Map<String, float[]> values;
    private final Map<String, long[]> shapes;

    public BertWeights(String source, BertShape shape, Map<String, float[]> values, Map<String, long[]> shapes) {
        this.source = source;
        this.shape = shape;
        this.values = values;
        this.shapes = shapes;
        for (Map.Entry<String, long[]> expected : expectedShapes(shape).entrySet()) {
            String name = expected.getKey();
            float[] v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException(source + ": missing weight '" + name + "'");
            }
            if (!Arrays.equals(shapes.get(name), expected.getValue())) {
                throw new IllegalArgumentException(source + ": weight '" + name + "' has shape "
                        + Arrays.toString(shapes.get(name)) + ", expected " + Arrays.toString(expected.getValue()));
            }
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw new IllegalArgumentException(
                            source + ": weight '" + name + "' holds " + v[i] + " at element " + i);
                }
            }
        }
    }

    /** Every tensor an encoder of this shape needs, with its shape ([in, out] for Linear weights). */
    public static Map<String, long[]> expectedShapes(BertShape s) {
        Map<String, long[]> m = new LinkedHashMap<>();
        long d = s.hidden();
        m.put("embeddings.word_embeddings.weight", new long[] {s.vocabSize(), d});
        m.put("embeddings.position_embeddings.weight", new long[] {s.maxPositions(), d});
        m.put("embeddings.token_type_embeddings.weight", new long[] {s.typeVocabSize(), d});
        m.put("embeddings.LayerNorm.weight", new long[] {d});
        m.put("embeddings.LayerNorm.bias", new long[] {d});
        for (int i = 0; i < s.layers(); i++) {
            for (String linear : List.of(
                    "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense")) {
                m.put(layer(i, linear + ".weight"), new long[] {d, d});
                m.put(layer(i, linear + ".bias"), new long[] {d});
            }
            m.put(layer(i, "attention.output.LayerNorm.weight"), new long[] {d});
            m.put(layer(i, "attention.output.LayerNorm.bias"), new long[] {d});
            m.put(layer(i, "intermediate.dense.weight"), new long[] {d, s.intermediate()});
            m.put(layer(i, "intermediate.dense.bias"), new long[] {s.intermediate()});
            m.put(layer(i, "output.dense.weight"), new long[] {s.intermediate(), d});
            m.put(layer(i, "output.dense.bias"), new long[] {d});
            m.put(layer(i, "output.LayerNorm.weight"), new long[] {d});
            m.put(layer(i, "output.LayerNorm.bias"), new long[] {d});
        }
        return m;
    }

    /** True for the names whose tensors are Linear weights ([in, out] here, [out, in] in PyTorch checkpoints). */
    static boolean isLinearWeight(String name) {
        return name.startsWith("encoder.layer.") && name.endsWith(".weight") && !name.contains("LayerNorm");
    }

    public static String layer(int index, String suffix) {
        return "encoder.layer." + index + "." + suffix;
    }

    public String source() {
        return source;
    }

    public BertShape shape() {
        return shape;
    }

    public float[] get(String name) {
        float[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(source + ": no weight '" + name + "'");
        }
        return v;
    }

    public long[] shapeOf(String name) {
        return shapes.get(name).clone();
    }

    /** Names in the order of {@link #expectedShapes}. */
    public List<String> names() {
        return new ArrayList<>(expectedShapes(shape).keySet());
    }
}
