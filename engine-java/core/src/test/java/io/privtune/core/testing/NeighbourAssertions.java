package io.privtune.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.privtune.core.knn.NeighbourLists;

/**
 * Compares neighbour lists with a double-precision reference. Similarities must agree to
 * {@code tolerance} at every rank; ids must agree at every rank except inside a run of near-ties
 * (neighbouring similarities within the tolerance), where float rounding may legitimately swap them;
 * there the two lists must still hold the same set of ids for the tied ranks that lie fully inside k.
 */
public final class NeighbourAssertions {
    private NeighbourAssertions() {}

    public static int assertSameExceptTies(NeighbourLists expected, NeighbourLists actual, float tolerance) {
        assertEquals(expected.rows(), actual.rows(), "rows");
        assertEquals(expected.k(), actual.k(), "k");
        int k = expected.k();
        int tieSwaps = 0;
        for (int q = 0; q < expected.rows(); q++) {
            for (int i = 0; i < k; i++) {
                float e = expected.similarity(q, i);
                float a = actual.similarity(q, i);
                if (Math.abs(e - a) > tolerance) {
                    fail("row " + q + " rank " + i + ": similarity " + a + ", expected " + e);
                }
                if (expected.id(q, i) != actual.id(q, i)) {
                    boolean tiedBefore = i > 0 && Math.abs(expected.similarity(q, i - 1) - e) <= tolerance;
                    boolean tiedAfter = i + 1 < k && Math.abs(expected.similarity(q, i + 1) - e) <= tolerance;
                    boolean tiedAtCut = i == k - 1;
                    if (!(tiedBefore || tiedAfter || tiedAtCut)) {
                        fail("row " + q + " rank " + i + ": id " + actual.id(q, i) + ", expected " + expected.id(q, i)
                                + " (similarity " + e + ", not a tie)");
                    }
                    tieSwaps++;
                }
            }
        }
        assertTrue(tieSwaps <= expected.rows() * k / 100 + 2, "too many tie swaps: " + tieSwaps);
        return tieSwaps;
    }
}
