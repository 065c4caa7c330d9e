package io.privtune.core.model;

import io.privtune.core.io.OnnxModelFile;
import io.privtune.core.space.EmbeddingSpace;
import java.nio.file.Path;

/**
 * The embeddings module of a BERT encoder: LayerNorm(word + position + token type). This is the whole
 * bottom model at split point m = 0, so it runs here, in the core, without a model runtime.
 */
public final class EmbeddingLayer {
    private final BertShape shape;
    private final float[] words;
    private final float[] positions;
    private final float[] types;
    private final float[] gamma;
    private final float[] beta;

    private EmbeddingLayer(
            BertShape shape, float[] words, float[] positions, float[] types, float[] gamma, float[] beta) {
        this.shape = shape;
        this.words = words;
        this.positions = positions;
        this.types = types;
        this.gamma = gamma;
        this.beta = beta;
    }

    /** Reads the embedding weights (HF names) from a BERT ONNX file, checking every shape against {@code shape}. */
    public static EmbeddingLayer load(Path onnx, BertShape shape) {
        int v = shape.vocabSize();
        int d = shape.hidden();
        try (OnnxModelFile model = OnnxModelFile.open(onnx)) {
            return new EmbeddingLayer(
                    shape,
                    finite(
                            onnx,
                            "embeddings.word_embeddings.weight",
                            model.floatTensor("embeddings.word_embeddings.weight", v, d)
                                    .toFloatArray()),
                    finite(
                            onnx,
                            "embeddings.position_embeddings.weight",
                            model.floatTensor("embeddings.position_embeddings.weight", shape.maxPositions(), d)
                                    .toFloatArray()),
                    finite(
                            onnx,
                            "embeddings.token_type_embeddings.weight",
                            model.floatTensor("embeddings.token_type_embeddings.weight", shape.typeVocabSize(), d)
                                    .toFloatArray()),
                    finite(
                            onnx,
                            "embeddings.LayerNorm.weight",
                            model.floatTensor("embeddings.LayerNorm.weight", d).toFloatArray()),
                    finite(
                            onnx,
                            "embeddings.LayerNorm.bias",
                            model.floatTensor("embeddings.LayerNorm.bias", d).toFloatArray()));
        }
    }

    private static float[] finite(Path file, String name, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        file + ": weight '" + name + "' holds " + values[i] + " at element " + i);
            }
        }
        return values;
    }

    public BertShape shape() {
        return shape;
    }

    public int dim() {
        return shape.hidden();
    }

    /** The word-embedding matrix (V x d) alone. */
    public EmbeddingSpace wordEmbeddings() {
        return EmbeddingSpace.fromArray("word_embeddings", words, shape.vocabSize(), shape.hidden());
    }

    /** Outputs for one sequence of token ids at positions 0..L−1, token type 0: L x d, row-major. */
    public float[] forward(int[] tokenIds) {
        if (tokenIds.length > shape.maxSequence()) {
            throw new IllegalArgumentException("sequence of " + tokenIds.length + " tokens exceeds the model's "
                    + shape.maxSequence() + " positions");
        }
        float[] out = new float[tokenIds.length * dim()];
        for (int p = 0; p < tokenIds.length; p++) {
            row(tokenIds[p], p, out, p * dim());
        }
        return out;
    }

    /** R for m = 0 (docs/DESIGN.md §3.1): each token alone at position 1, as in [CLS] v [SEP]. */
    public EmbeddingSpace dictionary() {
        int v = shape.vocabSize();
        float[] out = new float[v * dim()];
        java.util.stream.IntStream.range(0, v).parallel().forEach(t -> row(t, 1, out, t * dim()));
        return EmbeddingSpace.fromArray("dictionary(m=0)", out, v, dim());
    }

    private void row(int token, int position, float[] out, int offset) {
        int d = dim();
        if (token < 0 || token >= shape.vocabSize()) {
            throw new IllegalArgumentException(
                    "token id " + token + " is outside the vocabulary [0, " + shape.vocabSize() + ")");
        }
        double[] x = new double[d];
        double mean = 0;
        for (int j = 0; j < d; j++) {
            x[j] = (double) words[token * d + j] + positions[(position + shape.positionOffset()) * d + j] + types[j];
            mean += x[j];
        }
        mean /= d;
        double variance = 0;
        for (int j = 0; j < d; j++) {
            double c = x[j] - mean;
            variance += c * c;
        }
        double inverse = 1.0 / Math.sqrt(variance / d + shape.layerNormEps());
        for (int j = 0; j < d; j++) {
            out[offset + j] = (float) ((x[j] - mean) * inverse * gamma[j] + beta[j]);
        }
    }
}
