package io.privtune.split.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DevEvaluationScoreTest {
    @Test
    void predictionsScoreTheBatch() {
        DevEvaluation.BatchScore score = DevEvaluation.BatchScore.of(new int[] {0, 2, 1}, new int[] {0, 1, 1}, 1.5, 3);
        assertEquals(2, score.correct());
        assertArrayEquals(new boolean[] {true, false, true}, score.hits());
    }

    @Test
    void aCloudsPredictionOutsideTheClassesIsRefusedByName() {
        for (int bad : new int[] {3, -1, Integer.MAX_VALUE}) {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> DevEvaluation.BatchScore.of(new int[] {0, bad}, new int[] {0, 1}, 0.0, 3));
            assertTrue(e.getMessage().contains("predicts class " + bad + ", outside 0..2"), e.getMessage());
        }
    }
}
