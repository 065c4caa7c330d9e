package io.privtune.split.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import io.privtune.core.model.BertShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One post-LayerNorm BERT encoder layer on DJL NDArrays, weight-compatible with Hugging Face BERT and
 * RoBERTa (DJL's own BertBlock is not): multi-head self-attention, residual + LayerNorm, GELU (erf)
 * feed-forward, residual + LayerNorm.
 */
public final class EncoderLayer {
    static final List<String> PARAMETERS = List.of(
            "attention.self.query.weight", "attention.self.query.bias",
            "attention.self.key.weight", "attention.self.key.bias",
            "attention.self.value.weight", "attention.self.value.bias",
            "attention.output.dense.weight", "attention.output.dense.bias",
            "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias",
            "intermediate.dense.weight", "intermediate.dense.bias",
            "output.dense.weight", "output.dense.bias",
            "output.LayerNorm.weight", "output.LayerNorm.bias");

    /** LoRA (Hu et al. 2021) on these projections when enabled: W x + (x A) B · alpha / r, with W frozen. */
    static final List<String> LORA_TARGETS = List.of("attention.self.query", "attention.self.value");

    private static final float LORA_ALPHA = 16f;

    private final BertShape shape;
    private final Map<String, NDArray> p;
    private final Map<String, NDArray[]> lora = new LinkedHashMap<>();
    private float loraScale;

    private EncoderLayer(BertShape shape, Map<String, NDArray> parameters) {
        this.shape = shape;
        this.p = parameters;
    }

    /** Layer {@code index} of {@code weights}, its arrays created in {@code manager}; trainable if asked. */
    static EncoderLayer load(BertWeights weights, int index, NDManager manager, boolean trainable) {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        for (String name : PARAMETERS) {
            String full = BertWeights.layer(index, name);
            NDArray array = manager.create(weights.get(full), new Shape(weights.shapeOf(full)));
            array.setName(full);
            if (trainable) {
                array.setRequiresGradient(true);
            }
            parameters.put(name, array);
        }
        return new EncoderLayer(weights.shape(), parameters);
    }

    /**
     * Freezes this layer's weights and adds rank-{@code rank} adapters to the LoRA targets: A ~ N(0, 1/r)
     * from {@code random}, B = 0, so the layer starts out computing exactly what it did before.
     */
    void enableLora(int rank, NDManager manager, java.util.SplittableRandom random, int index) {
        int d = shape.hidden();
        for (NDArray array : p.values()) {
            array.setRequiresGradient(false);
        }
        for (String target : LORA_TARGETS) {
            float[] a = new float[d * rank];
            for (int i = 0; i < a.length; i++) {
                double u = 1.0 - random.nextDouble();
                a[i] = (float)
                        (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()) / Math.sqrt(rank));
            }
            NDArray down = manager.create(a, new Shape(d, rank));
            down.setName(BertWeights.layer(index, target + ".lora_a"));
            NDArray up = manager.zeros(new Shape(rank, d));
            up.setName(BertWeights.layer(index, target + ".lora_b"));
            down.setRequiresGradient(true);
            up.setRequiresGradient(true);
            lora.put(target, new NDArray[] {down, up});
        }
        loraScale = LORA_ALPHA / rank;
    }

    /** The trainable arrays: all weights, or only the LoRA adapters when enabled. */
    List<NDArray> parameters() {
        if (lora.isEmpty()) {
            return new ArrayList<>(p.values());
        }
        List<NDArray> adapters = new ArrayList<>();
        lora.values().forEach(pair -> adapters.addAll(List.of(pair)));
        return adapters;
    }

    /**
     * @param hidden   [B, L, d]
     * @param maskBias [B, 1, 1, L]: 0 for real tokens, a large negative number for padding
     * @param dropout  dropout rate, applied only when {@code training}
     * @param attention when not null, receives the attention probabilities [B, H, L, L] at index 0
     */
    NDArray forward(NDArray hidden, NDArray maskBias, float dropout, boolean training, NDArray[] attention) {
        Shape s = hidden.getShape();
        long batch = s.get(0);
        long length = s.get(1);
        int heads = shape.heads();
        int headSize = shape.hidden() / heads;
        NDArray q = linear(hidden, "attention.self.query")
                .reshape(batch, length, heads, headSize)
                .transpose(0, 2, 1, 3);
        NDArray k = linear(hidden, "attention.self.key")
                .reshape(batch, length, heads, headSize)
                .transpose(0, 2, 3, 1);
        NDArray v = linear(hidden, "attention.self.value")
                .reshape(batch, length, heads, headSize)
                .transpose(0, 2, 1, 3);
        // the scale as an array of the graph's manager, never mul(Number): DJL makes a Number a tensor over a direct
        // buffer and closes it at once, while autograd keeps it for backward, which reads freed memory after a GC
        // (GradientAfterCollectionTest)
        NDArray scale = hidden.getManager().create((float) (1.0 / Math.sqrt(headSize)));
        NDArray probabilities = q.matMul(k).mul(scale).add(maskBias).softmax(-1);
        if (attention != null) {
            attention[0] = probabilities;
        }
        NDArray context = drop(probabilities, dropout, training)
                .matMul(v)
                .transpose(0, 2, 1, 3)
                .reshape(batch, length, shape.hidden());
        NDArray attended = norm(
                hidden.add(drop(linear(context, "attention.output.dense"), dropout, training)),
                "attention.output.LayerNorm");
        NDArray inner = Activation.gelu(linear(attended, "intermediate.dense"));
        return norm(attended.add(drop(linear(inner, "output.dense"), dropout, training)), "output.LayerNorm");
    }

    private NDArray linear(NDArray x, String name) {
        NDArray y = x.matMul(p.get(name + ".weight")).add(p.get(name + ".bias"));
        NDArray[] adapter = lora.get(name);
        return adapter == null
                ? y
                : y.add(x.matMul(adapter[0])
                        .matMul(adapter[1])
                        .mul(x.getManager().create(loraScale)));
    }

    private NDArray norm(NDArray x, String name) {
        return LayerNorm.layerNorm(
                        x,
                        new Shape(shape.hidden()),
                        p.get(name + ".weight"),
                        p.get(name + ".bias"),
                        shape.layerNormEps())
                .singletonOrThrow();
    }

    private static NDArray drop(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }
}
