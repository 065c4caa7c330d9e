package io.privtune.core.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.BruteForceKnn;
import io.privtune.core.testing.NeighbourAssertions;
import io.privtune.core.testing.RandomSpaces;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpuCosineIndexTest {

    @ParameterizedTest(name = "V={0} d={1} k={2}")
    @CsvSource({"2, 3, 1", "7, 5, 6", "100, 17, 8", "1000, 384, 16", "1531, 64, 32"})
    void graphEqualsBruteForceOnRandomData(int rows, int dim, int k) {
        float[] values = RandomSpaces.gaussian(rows, dim, 42 + rows);
        EmbeddingSpace space = EmbeddingSpace.fromArray("random", values, rows, dim);
        KnnGraph graph = new CpuCosineIndex(space).graph(k, ProgressListener.NONE);
        NeighbourLists reference = BruteForceKnn.search(values, rows, values, rows, dim, k, true);
        NeighbourAssertions.assertSameExceptTies(reference, graph.lists(), 1e-5f);
    }

    @Test
    void searchFindsQueriesThatAreNotInTheDatabase() {
        int rows = 500, dim = 48, n = 37, k = 5;
        float[] db = RandomSpaces.gaussian(rows, dim, 1);
        float[] queries = RandomSpaces.gaussian(n, dim, 2);
        NeighbourLists result = new CpuCosineIndex(EmbeddingSpace.fromArray("db", db, rows, dim))
                .search(queries, n, k, ProgressListener.NONE);
        NeighbourAssertions.assertSameExceptTies(
                BruteForceKnn.search(queries, n, db, rows, dim, k, false), result, 1e-5f);
    }

    @Test
    void exactDuplicatesAreOrderedByIdDeterministically() {
        int dim = 8;
        float[] base = RandomSpaces.gaussian(1, dim, 3);
        float[] values = new float[10 * dim];
        for (int r = 0; r < 10; r++) {
            System.arraycopy(base, 0, values, r * dim, dim); // ten identical rows: every similarity ties
        }
        KnnGraph graph =
                new CpuCosineIndex(EmbeddingSpace.fromArray("dups", values, 10, dim)).graph(4, ProgressListener.NONE);
        assertArrayEquals(new int[] {1, 2, 3, 4}, graph.lists().idsOf(0));
        assertArrayEquals(new int[] {0, 1, 2, 3}, graph.lists().idsOf(7));
    }

    @Test
    void zeroRowsHaveSimilarityZeroNotNaN() {
        float[] values = {1, 0, 0, 0, 0, 0, 0, 1, 0};
        KnnGraph graph =
                new CpuCosineIndex(EmbeddingSpace.fromArray("zero", values, 3, 3)).graph(2, ProgressListener.NONE);
        assertEquals(0f, graph.similarity(1, 0));
        assertEquals(0f, graph.similarity(1, 1));
    }

    @Test
    void progressReachesTheTotal() {
        AtomicLong last = new AtomicLong();
        new CpuCosineIndex(RandomSpaces.space(300, 16, 5)).graph(3, (done, total) -> {
            assertEquals(300, total);
            last.accumulateAndGet(done, Math::max);
        });
        assertEquals(300, last.get());
    }

    @Test
    void impossibleKIsRefusedWithTheBoundNamed() {
        CpuCosineIndex index = new CpuCosineIndex(RandomSpaces.space(10, 4, 6));
        IllegalArgumentException tooMany =
                assertThrows(IllegalArgumentException.class, () -> index.graph(10, ProgressListener.NONE));
        assertTrue(tooMany.getMessage().contains("k = 10"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> index.graph(0, ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> index.search(new float[4], 1, 11, ProgressListener.NONE));
    }

    @Test
    void badQueriesAreRefused() {
        CpuCosineIndex index = new CpuCosineIndex(RandomSpaces.space(10, 4, 7));
        assertThrows(IllegalArgumentException.class, () -> index.search(new float[5], 1, 2, ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> index.search(new float[0], 0, 2, ProgressListener.NONE));
        float[] nan = {1, Float.NaN, 0, 0};
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> index.search(nan, 1, 2, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
