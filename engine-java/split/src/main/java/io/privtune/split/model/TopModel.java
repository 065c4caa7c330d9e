package io.privtune.split.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.privtune.core.io.DType;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.SafetensorsWriter;
import io.privtune.core.model.BertShape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The cloud's part: layers m+1..l (initialised from the pretrained weights) and a linear head, all trainable:
 * read on [CLS] it classifies ({@link #logits}); read on every position with two outputs it is extractive QA's
 * start/end head ({@link #positionLogits}). It only ever sees perturbed representations and the attention mask.
 */
public final class TopModel implements AutoCloseable {
    private final NDManager manager;
    private final BertShape shape;
    private final int splitPoint;
    private final int classes;
    private final float dropout;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final NDArray headWeight;
    private final NDArray headBias;

    public TopModel(BertWeights weights, int splitPoint, int classes, float dropout, long seed, NDManager parent) {
        this(weights, splitPoint, classes, dropout, 0, seed, parent);
    }

    /** @param loraRank 0: train the whole top; r > 0: freeze it and train rank-r LoRA adapters (and the head) */
    public TopModel(
            BertWeights weights,
            int splitPoint,
            int classes,
            float dropout,
            int loraRank,
            long seed,
            NDManager parent) {
        BertShape s = weights.shape();
        if (splitPoint < 0 || splitPoint > s.layers()) {
            throw new IllegalArgumentException("split point m must be in [0, " + s.layers() + "], found " + splitPoint);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, found " + classes);
        }
        this.manager = parent.newSubManager();
        this.shape = s;
        this.splitPoint = splitPoint;
        this.classes = classes;
        this.dropout = dropout;
        if (loraRank < 0) {
            throw new IllegalArgumentException("LoRA rank must be >= 0 (0 = train the whole top), found " + loraRank);
        }
        // new weights (head, LoRA adapters) are drawn from the seed, not from the engine
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = splitPoint; i < s.layers(); i++) {
            EncoderLayer layer = EncoderLayer.load(weights, i, manager, true);
            if (loraRank > 0) {
                layer.enableLora(loraRank, manager, random, i);
            }
            layers.add(layer);
        }
        // head ~ N(0, 0.02²), as BERT initialises new Linear layers
        float[] w = new float[s.hidden() * classes];
        for (int i = 0; i < w.length; i++) {
            double u = 1.0 - random.nextDouble();
            w[i] = (float) (0.02 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        this.headWeight = manager.create(w, new Shape(s.hidden(), classes));
        this.headWeight.setName("classifier.weight");
        this.headBias = manager.zeros(new Shape(classes));
        this.headBias.setName("classifier.bias");
        headWeight.setRequiresGradient(true);
        headBias.setRequiresGradient(true);
    }

    public int splitPoint() {
        return splitPoint;
    }

    public int classes() {
        return classes;
    }

    /** Last-layer hidden states [B, L, d] for uploaded representations h~ (B x L x d floats) and their mask. */
    public NDArray encode(NDManager scope, float[] uploaded, PaddedBatch batch, boolean training) {
        NDArray mask = batch.maskArray(scope);
        NDArray bias = PaddedBatch.maskBias(mask);
        NDArray h = scope.create(uploaded, new Shape(batch.batch(), batch.length(), shape.hidden()));
        for (EncoderLayer layer : layers) {
            h = layer.forward(h, bias, dropout, training, null);
        }
        return h;
    }

    /** Class logits [B, classes] from the [CLS] position. */
    public NDArray logits(NDManager scope, float[] uploaded, PaddedBatch batch, boolean training) {
        return head(encode(scope, uploaded, batch, training).get(":, 0, :"), training);
    }

    /** Head outputs at every position [B, L, classes]: with two classes, extractive QA's start and end logits. */
    public NDArray positionLogits(NDManager scope, float[] uploaded, PaddedBatch batch, boolean training) {
        return head(encode(scope, uploaded, batch, training), training);
    }

    /** The head on hidden states (dropout first when training), whichever positions they are. */
    private NDArray head(NDArray hidden, boolean training) {
        if (training && dropout > 0) {
            hidden = ai.djl.nn.norm.Dropout.dropout(hidden, dropout, true).singletonOrThrow();
        }
        return hidden.matMul(headWeight).add(headBias);
    }

    /** Every trainable array, in a fixed order (checkpoints and the optimiser rely on it). */
    public List<NDArray> parameters() {
        List<NDArray> all = new ArrayList<>();
        for (EncoderLayer layer : layers) {
            all.addAll(layer.parameters());
        }
        all.add(headWeight);
        all.add(headBias);
        return all;
    }

    public void save(SafetensorsWriter writer) {
        for (NDArray p : parameters()) {
            writer.addF32("top." + p.getName(), p.toFloatArray(), p.getShape().getShape());
        }
    }

    /** Restores every parameter from a checkpoint written by {@link #save}; shapes must match. */
    public void load(SafetensorsFile file) {
        for (NDArray p : parameters()) {
            float[] values = file.tensor(
                            "top." + p.getName(), DType.F32, p.getShape().getShape())
                    .toFloatArray();
            p.set(java.nio.FloatBuffer.wrap(values));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
