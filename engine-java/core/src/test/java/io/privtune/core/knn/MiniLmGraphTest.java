package io.privtune.core.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.BruteForceKnn;
import io.privtune.core.testing.MiniLm;
import io.privtune.core.testing.NeighbourAssertions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kNN graph on a slice of the real all-MiniLM-L6-v2 word-embedding matrix. */
class MiniLmGraphTest {
    @TempDir
    Path dir;

    @Test
    void graphOfARealSliceEqualsBruteForce() {
        // rows 1996..4996 are ordinary word pieces (after [unused*] and punctuation)
        EmbeddingSpace slice = MiniLm.slice(MiniLm.wordEmbeddings(), 1996, 4996);
        KnnGraph graph = new CpuCosineIndex(slice).graph(16, ProgressListener.NONE);
        float[] values = slice.toArray();
        NeighbourLists reference =
                BruteForceKnn.search(values, slice.rows(), values, slice.rows(), slice.dim(), 16, true);
        NeighbourAssertions.assertSameExceptTies(reference, graph.lists(), 1e-5f);
    }

    @Test
    void queriesAgainstTheFullVocabularyMatchBruteForce() {
        EmbeddingSpace words = MiniLm.wordEmbeddings();
        int n = 40;
        float[] queries = java.util.Arrays.copyOfRange(words.toArray(), 7000 * words.dim(), (7000 + n) * words.dim());
        NeighbourLists result = new CpuCosineIndex(words).search(queries, n, 5, ProgressListener.NONE);
        NeighbourLists reference =
                BruteForceKnn.search(queries, n, words.toArray(), words.rows(), words.dim(), 5, false);
        NeighbourAssertions.assertSameExceptTies(reference, result, 1e-5f);
        for (int q = 0; q < n; q++) {
            assertEquals(7000 + q, result.id(q, 0), "a vocabulary row is its own nearest neighbour");
        }
    }

    @Test
    void graphRoundTripsThroughSafetensors() {
        EmbeddingSpace slice = MiniLm.slice(MiniLm.wordEmbeddings(), 3000, 3500);
        KnnGraph graph = new CpuCosineIndex(slice).graph(8, ProgressListener.NONE);
        Path file = dir.resolve("graph.safetensors");
        graph.save(file, Map.of("model", "all-minilm-l6-v2"));
        KnnGraph loaded = KnnGraph.load(file);
        assertArrayEquals(graph.lists().ids(), loaded.lists().ids());
        assertArrayEquals(graph.lists().similarities(), loaded.lists().similarities());
    }
}
