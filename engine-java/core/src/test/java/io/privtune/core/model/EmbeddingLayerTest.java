package io.privtune.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.knn.CpuCosineIndex;
import io.privtune.core.knn.NeighbourLists;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.MiniLm;
import org.junit.jupiter.api.Test;

class EmbeddingLayerTest {
    @Test
    void outputsAreLayerNormalisedWithTheLearnedAffine() {
        EmbeddingLayer layer = MiniLm.embeddingLayer();
        float[] out = layer.forward(new int[] {101, 2023, 3185, 102});
        assertEquals(4 * 384, out.length);
        // the dictionary row of token 2023 is the same computation at position 1
        assertArrayEquals(MiniLm.dictionary().row(2023), java.util.Arrays.copyOfRange(out, 384, 768), 0f);
        assertThrows(IllegalArgumentException.class, () -> layer.forward(new int[] {30522}));
        assertThrows(IllegalArgumentException.class, () -> layer.forward(new int[513]));
    }

    @Test
    void tokensAreRecoverableFromCleanEmbeddingsAtMZero() {
        // the premise of the knn attack: at m = 0 without noise, nearest dictionary row = the token
        EmbeddingSpace dictionary = MiniLm.dictionary();
        int[] ids = {2023, 3185, 2003, 1037, 6919, 3325, 2200, 2307};
        float[] h = MiniLm.embeddingLayer().forward(ids);
        NeighbourLists nearest = new CpuCosineIndex(dictionary).search(h, ids.length, 1, ProgressListener.NONE);
        int recovered = 0;
        for (int i = 0; i < ids.length; i++) {
            recovered += nearest.id(i, 0) == ids[i] ? 1 : 0;
        }
        assertTrue(recovered >= ids.length - 1, "recovered " + recovered + " of " + ids.length);
    }
}
