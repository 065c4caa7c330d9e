package io.privtune.core.knn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.RandomSpaces;
import org.junit.jupiter.api.Test;

class CpuL2IndexTest {
    @Test
    void nearestRowsByDistanceMatchBruteForce() {
        int rows = 700, dim = 40, n = 50, k = 5;
        float[] db = RandomSpaces.gaussian(rows, dim, 11);
        for (int r = 0; r < rows; r++) {
            float scale = 1 + (r % 7); // different norms: L2 and cosine neighbours differ
            for (int j = 0; j < dim; j++) {
                db[r * dim + j] *= scale;
            }
        }
        float[] queries = RandomSpaces.gaussian(n, dim, 12);
        NeighbourLists result = new CpuL2Index(EmbeddingSpace.fromArray("db", db, rows, dim))
                .search(queries, n, k, ProgressListener.NONE);
        int differFromCosine = 0;
        NeighbourLists cosine = new CpuCosineIndex(EmbeddingSpace.fromArray("db", db, rows, dim))
                .search(queries, n, 1, ProgressListener.NONE);
        for (int q = 0; q < n; q++) {
            double[] distance = new double[rows];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < dim; j++) {
                    double diff = queries[q * dim + j] - db[r * dim + j];
                    distance[r] += diff * diff;
                }
            }
            Integer[] order = new Integer[rows];
            for (int r = 0; r < rows; r++) {
                order[r] = r;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(distance[a], distance[b]));
            for (int i = 0; i < k; i++) {
                assertEquals(order[i].intValue(), result.id(q, i), "query " + q + " rank " + i);
                assertEquals(-distance[order[i]], result.similarity(q, i), 1e-3 * (1 + distance[order[i]]));
            }
            differFromCosine += cosine.id(q, 0) != result.id(q, 0) ? 1 : 0;
        }
        assertTrue(differFromCosine > 0, "the test data separates L2 from cosine");
        assertThrows(
                IllegalArgumentException.class,
                () -> new CpuL2Index(RandomSpaces.space(5, 3, 1)).search(new float[3], 1, 6, ProgressListener.NONE));
        assertThrows(
                IllegalArgumentException.class,
                () -> new CpuL2Index(RandomSpaces.space(5, 3, 1))
                        .search(new float[] {1, Float.NaN, 0}, 1, 2, ProgressListener.NONE));
    }
}
