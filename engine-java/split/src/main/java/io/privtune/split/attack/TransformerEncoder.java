package io.privtune.split.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A small pre-norm transformer encoder (the transformer member of the SIP/BiSR family): the rows are projected to
 * {@code width}, given sinusoidal positions, and read by {@link #LAYERS} layers of {@link #HEADS}-head self-attention
 * and a GELU feed-forward of twice the width, each behind a LayerNorm and added back; a last LayerNorm ends it. Every
 * position attends to every real position of its text, before and after it, and never to padding: the padded keys get
 * an additive -1e5 on their scores. Pre-norm, not DJL's post-norm {@code TransformerEncoderBlock}, because it trains
 * stably at a constant learning rate without warm-up, as the attack's training loop runs.
 */
final class TransformerEncoder implements SequenceEncoder {
    /** Layers, heads per layer, and the dropout on attention probabilities and sublayer outputs while training. */
    static final int LAYERS = 2;

    static final int HEADS = 4;
    static final float DROPOUT = 0.1f;

    private final int width;
    private final Linear projection;
    private final List<Layer> layers = new ArrayList<>();
    private final LayerNorm last;
    private final List<Block> blocks = new ArrayList<>();

    /** One layer's blocks: attention and feed-forward, each with its LayerNorm and dropout. */
    private record Layer(
            LayerNorm attentionNorm,
            ScaledDotProductAttentionBlock attention,
            Dropout attentionDropout,
            LayerNorm feedForwardNorm,
            Linear up,
            Linear down,
            Dropout feedForwardDropout) {}

    /** A transformer of {@code width} features over rows of width {@code dim}; {@code width} must divide by the heads. */
    TransformerEncoder(NDManager manager, int dim, int width) {
        if (width % HEADS != 0) {
            throw new IllegalArgumentException("contextual inversion: the transformer's width must divide by its "
                    + HEADS + " heads; found " + width);
        }
        this.width = width;
        Shape rows = new Shape(1, 1, dim);
        Shape features = new Shape(1, 1, width);
        Shape normalised = new Shape(1, width); // LayerNorm normalises over all but the first axis of this shape
        projection = Linear.builder().setUnits(width).build();
        projection.initialize(manager, DataType.FLOAT32, rows);
        blocks.add(projection);
        for (int l = 0; l < LAYERS; l++) {
            Layer layer = new Layer(
                    LayerNorm.builder().build(),
                    ScaledDotProductAttentionBlock.builder()
                            .setEmbeddingSize(width)
                            .setHeadCount(HEADS)
                            .optAttentionProbsDropoutProb(DROPOUT)
                            .build(),
                    Dropout.builder().optRate(DROPOUT).build(),
                    LayerNorm.builder().build(),
                    Linear.builder().setUnits(2L * width).build(),
                    Linear.builder().setUnits(width).build(),
                    Dropout.builder().optRate(DROPOUT).build());
            layer.attentionNorm().initialize(manager, DataType.FLOAT32, normalised);
            layer.attention().initialize(manager, DataType.FLOAT32, features);
            layer.feedForwardNorm().initialize(manager, DataType.FLOAT32, normalised);
            layer.up().initialize(manager, DataType.FLOAT32, features);
            layer.down().initialize(manager, DataType.FLOAT32, new Shape(1, 1, 2L * width));
            layers.add(layer);
            blocks.addAll(List.of(
                    layer.attentionNorm(), layer.attention(), layer.feedForwardNorm(), layer.up(), layer.down()));
        }
        last = LayerNorm.builder().build();
        last.initialize(manager, DataType.FLOAT32, normalised);
        blocks.add(last);
    }

    @Override
    public List<Block> blocks() {
        return blocks;
    }

    @Override
    public long width() {
        return width;
    }

    @Override
    public NDArray encode(ParameterStore store, NDArray input, NDArray reverse, NDArray present, boolean training) {
        long batch = input.getShape().get(0);
        long length = input.getShape().get(1);
        NDManager scope = input.getManager();
        NDArray x = projection.forward(store, new NDList(input), training).singletonOrThrow();
        x = x.add(positions(scope, length, width));
        // B x 1 x 1 x L: 0 on a text's keys, -1e5 on its padding (DJL's attention adds a 4-d mask as it is)
        NDArray keyMask = present.sub(scope.create(1f)).mul(scope.create(1e5f)).reshape(batch, 1, 1, length);
        for (Layer layer : layers) {
            NDArray normed = layer.attentionNorm()
                    .forward(store, new NDList(x), training)
                    .singletonOrThrow();
            NDArray attended = layer.attention()
                    .forward(store, new NDList(normed, keyMask), training)
                    .singletonOrThrow();
            x = x.add(layer.attentionDropout()
                    .forward(store, new NDList(attended), training)
                    .singletonOrThrow());
            NDArray normed2 = layer.feedForwardNorm()
                    .forward(store, new NDList(x), training)
                    .singletonOrThrow();
            NDArray hidden = Activation.gelu(
                    layer.up().forward(store, new NDList(normed2), training).singletonOrThrow());
            NDArray out =
                    layer.down().forward(store, new NDList(hidden), training).singletonOrThrow();
            x = x.add(layer.feedForwardDropout()
                    .forward(store, new NDList(out), training)
                    .singletonOrThrow());
        }
        return last.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /** L x width sinusoidal positions (Vaswani et al.): sin on even features, cos on odd, wavelengths up to 10^4. */
    static NDArray positions(NDManager scope, long length, int width) {
        float[] p = new float[Math.toIntExact(length * width)];
        for (int t = 0; t < length; t++) {
            for (int j = 0; j < width; j += 2) {
                double angle = t / Math.pow(10_000, (double) j / width);
                p[t * width + j] = (float) Math.sin(angle);
                if (j + 1 < width) {
                    p[t * width + j + 1] = (float) Math.cos(angle);
                }
            }
        }
        return scope.create(p, new Shape(length, width));
    }
}
