package io.privtune.core.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmbeddingSpaceTest {
    @Test
    void holdsRowsOffHeap() {
        EmbeddingSpace s = EmbeddingSpace.fromArray("t", new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(2, s.rows());
        assertEquals(3, s.dim());
        assertEquals(6f, s.get(1, 2));
        assertArrayEquals(new float[] {4, 5, 6}, s.row(1));
        assertTrue(s.segment().isNative());
        assertTrue(s.segment().isReadOnly());
    }

    @Test
    void nanIsRefusedWithItsPosition() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EmbeddingSpace.fromArray("dict", new float[] {1, 2, 3, Float.NaN}, 2, 2));
        assertTrue(
                e.getMessage().contains("dict")
                        && e.getMessage().contains("row 1, column 1")
                        && e.getMessage().contains("NaN"),
                e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> EmbeddingSpace.fromArray("dict", new float[] {Float.POSITIVE_INFINITY}, 1, 1));
    }

    @Test
    void shapeMismatchAndEmptyAreRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> EmbeddingSpace.fromArray("dict", new float[5], 2, 3));
        assertTrue(e.getMessage().contains("expected 2 x 3 = 6 floats, found 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmbeddingSpace.fromArray("dict", new float[0], 0, 3));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingSpace.fromArray("dict", null, 1, 1));
    }
}
