package io.privtune.core.internal.hop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.knn.CpuCosineIndex;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.RandomSpaces;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetSelectorTest {
    private final EmbeddingSpace space = RandomSpaces.space(400, 12, 9);
    private final KnnGraph graph = new CpuCosineIndex(space).graph(4, ProgressListener.NONE);
    private final HopSets hops = new HopSets(graph, 2);

    @Test
    void centroidIsTheMeanOfTheHopSet() {
        TargetSelector selector = new TargetSelector(hops, space, TargetMode.CENTROID, 1);
        int token = 17;
        int[] members = hops.of(token).members();
        float[] expected = new float[12];
        for (int v : members) {
            for (int j = 0; j < 12; j++) {
                expected[j] += space.get(v, j) / members.length;
            }
        }
        float[] out = new float[12];
        selector.target(token, 0, 0, NoiseKey.researchSeed(1), out, 0);
        assertArrayEquals(expected, out, 1e-5f);
    }

    @Test
    void memberTargetsAreFreshPerOccurrenceAndReproducible() {
        TargetSelector selector = new TargetSelector(hops, space, TargetMode.MEMBER, 1);
        int token = 42;
        Set<Integer> members = new HashSet<>();
        for (int v : hops.of(token).members()) {
            members.add(v);
        }
        Set<Integer> drawn = new HashSet<>();
        float[] out = new float[12];
        for (long occurrence = 0; occurrence < 200; occurrence++) {
            selector.target(token, occurrence, 0, NoiseKey.researchSeed(5), out, 0);
            int row = rowOf(out);
            assertTrue(members.contains(row), "target " + row + " is a 2-hop member");
            drawn.add(row);
        }
        assertTrue(
                drawn.size() > members.size() / 2,
                "different occurrences draw different members: " + drawn.size() + " of " + members.size());
        float[] again = new float[12];
        selector.target(token, 7, 0, NoiseKey.researchSeed(5), out, 0);
        selector.target(token, 7, 0, NoiseKey.researchSeed(5), again, 0);
        assertArrayEquals(out, again);
    }

    @Test
    void weightedTargetsPreferSimilarMembersAtLowTemperature() {
        int token = 99;
        int[] members = hops.of(token).members();
        int best = members[0];
        double bestSim = -2;
        for (int v : members) {
            double s = cosine(token, v);
            if (s > bestSim) {
                bestSim = s;
                best = v;
            }
        }
        TargetSelector cold = new TargetSelector(hops, space, TargetMode.WEIGHTED, 1e-4);
        float[] out = new float[12];
        for (long occurrence = 0; occurrence < 20; occurrence++) {
            cold.target(token, occurrence, 0, NoiseKey.researchSeed(3), out, 0);
            assertEquals(best, rowOf(out));
        }
        assertThrows(IllegalArgumentException.class, () -> new TargetSelector(hops, space, TargetMode.WEIGHTED, 0));
        assertThrows(IllegalArgumentException.class, () -> TargetMode.parse("nearest"));
    }

    private int rowOf(float[] v) {
        for (int r = 0; r < space.rows(); r++) {
            if (Arrays.equals(space.row(r), v)) {
                return r;
            }
        }
        throw new AssertionError("not a dictionary row");
    }

    private double cosine(int a, int b) {
        double dot = 0, na = 0, nb = 0;
        for (int j = 0; j < 12; j++) {
            dot += space.get(a, j) * space.get(b, j);
            na += space.get(a, j) * space.get(a, j);
            nb += space.get(b, j) * space.get(b, j);
        }
        return dot / Math.sqrt(na * nb);
    }
}
