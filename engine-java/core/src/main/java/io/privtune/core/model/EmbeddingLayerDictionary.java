package io.privtune.core.model;

import io.privtune.core.io.OnnxModelFile;
import io.privtune.core.io.OnnxTensor;
import io.privtune.core.space.EmbeddingSpace;

import java.nio.file.Path;

/**
 * The token dictionary R for split point m = 0 (DESIGN §3.1): the bottom model is the embeddings
 * module, so R_v = LayerNorm(word_v + position_1 + type_0), what {@code [CLS] v [SEP]} yields at
 * position 1. Computed straight from the ONNX weights, with no model runtime needed.
 */
public final class EmbeddingLayerDictionary {
    private EmbeddingLayerDictionary() { }

    /** The raw word-embedding matrix (V x d) of a BERT ONNX file. */
    public static EmbeddingSpace wordEmbeddings(Path onnx, BertShape shape) {
        try (OnnxModelFile model = OnnxModelFile.open(onnx)) {
            OnnxTensor words = model.floatTensor("embeddings.word_embeddings.weight", shape.vocabSize(), shape.hidden());
            return EmbeddingSpace.fromSegment(onnx.getFileName() + ":embeddings.word_embeddings.weight", words.data(),
                    shape.vocabSize(), shape.hidden(), OnnxTensor.F32_LE);
        }
    }

    /** R for m = 0: every token at position 1 with token type 0, through the embedding LayerNorm. */
    public static EmbeddingSpace compute(Path onnx, BertShape shape) {
        int v = shape.vocabSize();
        int d = shape.hidden();
        float[] words;
        float[] position1;
        float[] type0;
        float[] gamma;
        float[] beta;
        try (OnnxModelFile model = OnnxModelFile.open(onnx)) {
            words = model.floatTensor("embeddings.word_embeddings.weight", v, d).toFloatArray();
            float[] positions = model.floatTensor("embeddings.position_embeddings.weight", shape.maxPositions(), d).toFloatArray();
            float[] types = model.floatTensor("embeddings.token_type_embeddings.weight", shape.typeVocabSize(), d).toFloatArray();
            gamma = model.floatTensor("embeddings.LayerNorm.weight", d).toFloatArray();
            beta = model.floatTensor("embeddings.LayerNorm.bias", d).toFloatArray();
            position1 = java.util.Arrays.copyOfRange(positions, d, 2 * d);
            type0 = java.util.Arrays.copyOfRange(types, 0, d);
        }
        float[] out = new float[v * d];
        double[] x = new double[d];
        for (int t = 0; t < v; t++) {
            double mean = 0;
            for (int j = 0; j < d; j++) {
                x[j] = (double) words[t * d + j] + position1[j] + type0[j];
                mean += x[j];
            }
            mean /= d;
            double var = 0;
            for (int j = 0; j < d; j++) {
                double c = x[j] - mean;
                var += c * c;
            }
            double inv = 1.0 / Math.sqrt(var / d + shape.layerNormEps());
            for (int j = 0; j < d; j++) {
                out[t * d + j] = (float) ((x[j] - mean) * inv * gamma[j] + beta[j]);
            }
        }
        return EmbeddingSpace.fromArray(onnx.getFileName() + ":dictionary(m=0)", out, v, d);
    }
}
