package io.privtune.core.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.RandomSpaces;
import org.junit.jupiter.api.Test;

/** How the query rows are cut into blocks for the cores, and that the lists do not depend on the cut. */
class BlockedSearchTest {
    private final TopKKernel kernel = KernelShapes.named("avx2-6x2");

    @Test
    void blocksAreWholeTilesCappedAndSeveralPerCore() {
        // the MiniLM graph on 2 cores: capped, rounded up to whole 6-row tiles
        assertEquals(kernel.padded(BlockedSearch.MAX_BLOCK_ROWS), BlockedSearch.blockRows(30522, 2, kernel));
        assertEquals(0, BlockedSearch.blockRows(30522, 2, kernel) % kernel.rows);
        // a small batch: at least 8 blocks per core where the tiles allow, never less than one tile
        int rows = BlockedSearch.blockRows(1000, 2, kernel);
        assertTrue((1000 + rows - 1) / rows >= 16, "1000 queries on 2 cores in blocks of " + rows);
        assertEquals(kernel.rows, BlockedSearch.blockRows(1, 16, kernel));
    }

    @Test
    void theListsDoNotDependOnTheBlockingOrTheCores() {
        int rows = 300, dim = 24, k = 7;
        // rows 150.. repeat rows 0..149: every similarity is tied with one 150 rows away, in another block,
        // so the id tie rule decides across blocks
        float[] values = RandomSpaces.gaussian(rows, dim, 5);
        System.arraycopy(values, 0, values, rows / 2 * dim, rows / 2 * dim);
        PackedDatabase db = PackedDatabase.of(EmbeddingSpace.fromArray("repeated", values, rows, dim), kernel);
        float[] unit = UnitRows.normalise(values, rows, dim, kernel.padded(rows));
        NeighbourLists oneTile = BlockedSearch.run(unit, rows, k, db, 0, ProgressListener.NONE, 1, kernel.rows);
        for (int[] cut : new int[][] {{2, 18}, {3, 96}, {4, kernel.padded(rows)}}) {
            NeighbourLists other = BlockedSearch.run(unit, rows, k, db, 0, ProgressListener.NONE, cut[0], cut[1]);
            assertArrayEquals(oneTile.ids(), other.ids(), "ids with " + cut[0] + " workers, blocks of " + cut[1]);
            assertArrayEquals(oneTile.similarities(), other.similarities());
        }
    }
}
