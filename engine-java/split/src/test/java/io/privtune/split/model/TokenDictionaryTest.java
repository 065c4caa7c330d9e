package io.privtune.split.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.privtune.core.model.BundledModel;
import io.privtune.core.model.EmbeddingLayer;
import io.privtune.core.progress.Progress;
import io.privtune.core.space.EmbeddingSpace;
import org.junit.jupiter.api.Test;

class TokenDictionaryTest {
    @Test
    void dictionaryThroughTheBottomModelMatchesTheEmbeddingLayerAtMZero() {
        try (NDManager manager = MiniLmModels.manager();
                BottomModel bottom = new BottomModel(MiniLmModels.weights(), 0, manager)) {
            EmbeddingSpace viaDjl = TokenDictionary.compute(bottom, new int[] {101, 102}, Progress.SILENT);
            EmbeddingSpace viaCore = EmbeddingLayer.load(
                            BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape())
                    .dictionary();
            assertEquals(30522, viaDjl.rows());
            for (int v : new int[] {0, 101, 2023, 30521}) {
                assertArrayEquals(viaCore.row(v), viaDjl.row(v), 1e-4f, "token " + v);
            }
        }
    }

    @Test
    void deeperSplitsGiveContextualisedRows() {
        try (NDManager manager = MiniLmModels.manager();
                BottomModel bottom = new BottomModel(MiniLmModels.weights(), 2, manager)) {
            EmbeddingSpace r = TokenDictionary.compute(bottom, new int[] {101, 102}, Progress.SILENT);
            float[] alone = bottom.forward(PaddedBatch.of(java.util.List.of(new io.privtune.split.text.Encoding(
                            new int[] {101, 2023, 102}, new boolean[] {true, false, true}))))
                    .hidden();
            assertArrayEquals(java.util.Arrays.copyOfRange(alone, 384, 768), r.row(2023), 1e-5f);
            float[] m0 = EmbeddingLayer.load(
                            BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape())
                    .dictionary()
                    .row(2023);
            double diff = 0;
            for (int j = 0; j < 384; j++) {
                diff += Math.abs(m0[j] - r.row(2023)[j]);
            }
            assertTrue(diff > 1, "two layers change the representation");
        }
    }
}
