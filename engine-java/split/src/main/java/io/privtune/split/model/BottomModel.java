package io.privtune.split.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.privtune.core.model.BertShape;
import java.util.ArrayList;
import java.util.List;

/**
 * The device's part of the split model: embeddings and layers 1..m, frozen, run without gradients.
 * Besides h it returns each token's attention importance from layer m (docs/DESIGN.md §3.7), label-free.
 */
public final class BottomModel implements RelaxedBottom, AutoCloseable {
    /** h as B x L x d row-major floats, and w_i in [0, 1] per position (null when m = 0: no attention yet). */
    public record Output(float[] hidden, float[] importance) {}

    private final NDManager manager;
    private final BertShape shape;
    private final int splitPoint;
    private final Embeddings embeddings;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final String identity;

    public BottomModel(BertWeights weights, int splitPoint, NDManager parent) {
        BertShape s = weights.shape();
        if (splitPoint < 0 || splitPoint > s.layers()) {
            throw new IllegalArgumentException("split point m must be in [0, " + s.layers() + "] for a " + s.layers()
                    + "-layer model, found " + splitPoint);
        }
        this.manager = parent.newSubManager();
        this.shape = s;
        this.splitPoint = splitPoint;
        this.embeddings = new Embeddings(weights, manager);
        for (int i = 0; i < splitPoint; i++) {
            layers.add(EncoderLayer.load(weights, i, manager, false));
        }
        this.identity = s + " m=" + splitPoint + " weights " + WeightsFingerprint.of(weights.names(), weights::get);
    }

    public int splitPoint() {
        return splitPoint;
    }

    /** Which model and split this is (shape, m, a checksum of the weights): the same text under two models never shares noise. */
    public String identity() {
        return identity;
    }

    public BertShape shape() {
        return shape;
    }

    @Override
    public int hidden() {
        return shape.hidden();
    }

    @Override
    public int vocabSize() {
        return shape.vocabSize();
    }

    public Output forward(PaddedBatch batch) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray mask = batch.maskArray(scope);
            NDArray bias = PaddedBatch.maskBias(mask);
            NDArray h = embeddings.forward(batch.idArray(scope));
            NDArray[] attention = new NDArray[1];
            for (int i = 0; i < layers.size(); i++) {
                h = layers.get(i).forward(h, bias, 0f, false, i == layers.size() - 1 ? attention : null);
            }
            float[] importance =
                    attention[0] == null ? null : importance(attention[0], mask).toFloatArray();
            return new Output(h.toFloatArray(), importance);
        }
    }

    /**
     * The bottom model on given word vectors [B, L, d] instead of token ids, as a differentiable NDArray
     * graph: the optimisation attack (docs/DESIGN.md §4, EIA 3) descends through it. The weights stay frozen; the
     * result belongs to the manager of {@code wordVectors}, which the caller closes.
     *
     * @param mask [B, L] attention mask (1 = real token)
     */
    @Override
    public NDArray forwardRelaxed(NDArray wordVectors, NDArray mask) {
        NDArray bias = PaddedBatch.maskBias(mask);
        NDArray h = embeddings.forwardVectors(wordVectors);
        for (EncoderLayer layer : layers) {
            h = layer.forward(h, bias, 0f, false, null);
        }
        return h;
    }

    /** The word-embedding matrix E [V, d], owned by this model: do not close it. */
    @Override
    public NDArray wordEmbeddings() {
        return embeddings.wordMatrix();
    }

    /** Attention mass each token receives, mean over heads and real query positions, divided by the sequence max. */
    static NDArray importance(NDArray probabilities, NDArray mask) {
        long b = mask.getShape().get(0);
        long l = mask.getShape().get(1);
        NDArray perQuery = probabilities.mean(new int[] {1}); // [B, Lq, Lk]
        NDArray received = perQuery.mul(mask.reshape(b, l, 1))
                .sum(new int[] {1}) // [B, Lk]
                .div(mask.sum(new int[] {1}, true));
        NDArray masked = received.mul(mask);
        return masked.div(masked.max(new int[] {1}, true));
    }

    @Override
    public void close() {
        manager.close();
    }
}
