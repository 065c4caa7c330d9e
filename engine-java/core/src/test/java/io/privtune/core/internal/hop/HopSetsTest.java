package io.privtune.core.internal.hop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.knn.KnnGraph;
import io.privtune.core.knn.NeighbourLists;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.testing.Graphs;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HopSetsTest {

    /** Plain BFS over the whole graph, then the vertices at distance exactly n (or the largest non-empty hop). */
    static int[] reference(KnnGraph g, int source, int n, int[] hopOut) {
        int[] dist = new int[g.vertices()];
        Arrays.fill(dist, -1);
        dist[source] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(source);
        while (!queue.isEmpty()) {
            int u = queue.poll();
            for (int r = 0; r < g.k(); r++) {
                int w = g.neighbour(u, r);
                if (dist[w] < 0) {
                    dist[w] = dist[u] + 1;
                    queue.add(w);
                }
            }
        }
        for (int hop = n; hop >= 1; hop--) {
            final int h = hop;
            int[] members = java.util.stream.IntStream.range(0, g.vertices())
                    .filter(v -> dist[v] == h)
                    .toArray();
            if (members.length > 0) {
                hopOut[0] = hop;
                return members;
            }
        }
        throw new AssertionError("no neighbours at all");
    }

    @ParameterizedTest(name = "V={0} k={1} n={2}")
    @CsvSource({"50, 2, 2", "300, 4, 2", "300, 3, 3", "2000, 16, 2", "40, 3, 5"})
    void equalsAPlainBfsReference(int v, int k, int n) {
        KnnGraph g = Graphs.random(v, k, v * 31L + k);
        HopSets hops = new HopSets(g, n);
        int fallbacks = 0;
        for (int u = 0; u < v; u++) {
            int[] hop = new int[1];
            int[] expected = reference(g, u, n, hop);
            assertArrayEquals(expected, hops.of(u).members(), "vertex " + u);
            assertEquals(hop[0], hops.of(u).hop());
            if (hop[0] < n) {
                fallbacks++;
            }
        }
        assertEquals(fallbacks, hops.fallbackCount());
    }

    @Test
    void emptyNHopSetsFallBackAndAreCounted() {
        // a triangle with k = 2: everyone reaches everyone in one hop, so every 2-hop set is empty
        KnnGraph triangle = Graphs.of(new int[][] {{1, 2}, {0, 2}, {0, 1}});
        HopSets hops = new HopSets(triangle, 2);
        assertEquals(3, hops.computeAll(ProgressListener.NONE));
        assertEquals(1, hops.of(0).hop());
        assertArrayEquals(new int[] {1, 2}, hops.of(0).members());
        // a chain 0->1->2->3 (k = 1) with 3->0: from 0, hop 2 is {2}
        KnnGraph chain = Graphs.of(new int[][] {{1}, {2}, {3}, {0}});
        HopSets chainHops = new HopSets(chain, 2);
        assertArrayEquals(new int[] {2}, chainHops.of(0).members());
        assertEquals(0, chainHops.computeAll(ProgressListener.NONE));
        // n = 5 on a 4-cycle: hop 4 would be the start itself, so the largest non-empty hop is 3
        HopSets far = new HopSets(chain, 5);
        assertEquals(3, far.of(0).hop());
        assertArrayEquals(new int[] {3}, far.of(0).members());
        assertEquals(1, far.fallbackCount());
    }

    @Test
    void badArgumentsAreRefused() {
        KnnGraph g = Graphs.random(10, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HopSets(g, 1));
        assertTrue(e.getMessage().contains("n must be >= 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HopSets(g, 2).of(10));
        assertThrows(IllegalArgumentException.class, () -> new HopSets(g, 2).of(-1));
    }

    @Test
    void graphsWithSelfLoopsOrBadIdsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Graphs.of(new int[][] {{0}, {0}}));
        assertThrows(IllegalArgumentException.class, () -> Graphs.of(new int[][] {{5}, {0}}));
        assertThrows(
                IllegalArgumentException.class,
                () -> new KnnGraph(new NeighbourLists(2, 1, new int[] {1, 0}, new float[1])));
    }
}
