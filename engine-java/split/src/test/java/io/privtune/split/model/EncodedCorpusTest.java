package io.privtune.split.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A prefix of a corpus is its first texts, rows and all: what the contextual attacker trains on. */
class EncodedCorpusTest {
    /** Three texts of 2, 3 and 1 tokens, d = 2; row i's values are 10 i and 10 i + 1. */
    private static EncodedCorpus corpus() {
        float[] rows = new float[6 * 2];
        float[] importance = new float[6];
        for (int i = 0; i < 6; i++) {
            rows[2 * i] = 10 * i;
            rows[2 * i + 1] = 10 * i + 1;
            importance[i] = i / 10f;
        }
        return new EncodedCorpus(
                rows,
                new int[] {101, 7, 101, 8, 9, 101},
                new boolean[] {true, false, true, false, false, true},
                importance,
                new int[] {0, 2, 5, 6},
                2);
    }

    @Test
    void theFirstTextsAreAPrefixWithTheirOwnOffsets() {
        EncodedCorpus first = corpus().firstTexts(2);
        assertArrayEquals(new int[] {0, 2, 5}, first.offsets());
        assertArrayEquals(new int[] {101, 7, 101, 8, 9}, first.ids());
        assertArrayEquals(new boolean[] {true, false, true, false, false}, first.special());
        assertArrayEquals(new float[] {0, 1, 10, 11, 20, 21, 30, 31, 40, 41}, first.representations());
        assertArrayEquals(new float[] {0, 0.1f, 0.2f, 0.3f, 0.4f}, first.importance());
    }

    @Test
    void askingForAsManyTextsOrMoreGivesTheCorpusItself() {
        EncodedCorpus all = corpus();
        assertSame(all, all.firstTexts(3));
        assertSame(all, all.firstTexts(50));
    }

    @Test
    void noTextsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> corpus().firstTexts(0));
    }
}
