package io.privtune.bench;

import io.privtune.core.model.BundledModel;
import io.privtune.core.model.EmbeddingLayer;
import io.privtune.core.space.EmbeddingSpace;

/** The real benchmark input: all-MiniLM-L6-v2's token dictionary at m = 0 (V = 30522, d = 384). */
final class MiniLmDictionary {
    private MiniLmDictionary() {}

    static EmbeddingSpace load() {
        BundledModel model = BundledModel.ALL_MINILM_L6_V2;
        return EmbeddingLayer.load(model.onnxFile(), model.shape()).dictionary();
    }
}
