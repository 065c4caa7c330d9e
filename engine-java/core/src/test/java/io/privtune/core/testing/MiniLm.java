package io.privtune.core.testing;

import io.privtune.core.model.BundledModel;
import io.privtune.core.model.EmbeddingLayer;
import io.privtune.core.space.EmbeddingSpace;

/** The real all-MiniLM-L6-v2 weights from the Maven Central model jar, loaded once per test JVM. */
public final class MiniLm {
    private static EmbeddingLayer layer;
    private static EmbeddingSpace words;
    private static EmbeddingSpace dictionary;

    public static synchronized EmbeddingLayer embeddingLayer() {
        if (layer == null) {
            layer = EmbeddingLayer.load(
                    BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape());
        }
        return layer;
    }

    private MiniLm() {}

    public static synchronized EmbeddingSpace wordEmbeddings() {
        if (words == null) {
            words = embeddingLayer().wordEmbeddings();
        }
        return words;
    }

    /** R for m = 0. */
    public static synchronized EmbeddingSpace dictionary() {
        if (dictionary == null) {
            dictionary = embeddingLayer().dictionary();
        }
        return dictionary;
    }

    /** Rows [from, to) of a space as a new space. */
    public static EmbeddingSpace slice(EmbeddingSpace space, int from, int to) {
        float[] all = space.toArray();
        return EmbeddingSpace.fromArray(
                space.name() + "[" + from + ":" + to + "]",
                java.util.Arrays.copyOfRange(all, from * space.dim(), to * space.dim()),
                to - from,
                space.dim());
    }
}
