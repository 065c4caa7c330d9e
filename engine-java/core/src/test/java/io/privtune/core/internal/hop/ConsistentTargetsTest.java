package io.privtune.core.internal.hop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.importance.CtiScores;
import io.privtune.core.knn.CpuCosineIndex;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.RandomSpaces;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsistentTargetsTest {
    private static final int V = 400;
    private final EmbeddingSpace space = RandomSpaces.space(V, 12, 9);
    private final KnnGraph graph = new CpuCosineIndex(space).graph(4, ProgressListener.NONE);
    private final HopSets hops = new HopSets(graph, 2);
    /** Even tokens occur only in class-0 texts, odd ones only in class-1 texts, each 5 times. */
    private final CtiScores parity = parityProfiles();

    private static CtiScores parityProfiles() {
        List<int[]> texts = new ArrayList<>();
        int[] labels = new int[V * 5];
        for (int i = 0; i < V * 5; i++) {
            texts.add(new int[] {i % V});
            labels[i] = i % V % 2;
        }
        return CtiScores.fromCorpus(texts, labels, V, Set.of());
    }

    @Test
    void keepsTheMembersWhoseClassMatchesTheToken() {
        ConsistentTargets consistent = new ConsistentTargets(hops, parity, 0.5);
        int checked = 0;
        for (int token = 0; token < V; token++) {
            final int t = token;
            int[] all = hops.members(token);
            long sameClass = Arrays.stream(all).filter(v -> v % 2 == t % 2).count();
            int[] kept = consistent.members(token);
            assertEquals((int) Math.ceil(0.5 * all.length), kept.length, "token " + token);
            assertTrue(Arrays.stream(kept).allMatch(v -> Arrays.binarySearch(all, v) >= 0), "a subset of the hop set");
            if (sameClass >= kept.length) {
                assertTrue(
                        Arrays.stream(kept).allMatch(v -> v % 2 == t % 2),
                        "token " + token + ": every kept member shares its class " + Arrays.toString(kept));
                checked++;
            }
            assertArrayEquals(kept, Arrays.stream(kept).sorted().toArray(), "sorted by id");
        }
        assertTrue(checked > V / 4, "enough tokens had a same-class half to check: " + checked);
    }

    @Test
    void theWholeShareIsTheHopSetAndEveryTokenKeepsOne() {
        assertSame(hops.members(17), new ConsistentTargets(hops, parity, 1).members(17));
        ConsistentTargets tiny = new ConsistentTargets(hops, parity, 1e-6);
        for (int token = 0; token < V; token += 37) {
            assertEquals(1, tiny.members(token).length);
        }
    }

    @Test
    void memberTargetsAreDrawnOnlyFromTheConsistentPart() {
        ConsistentTargets consistent = new ConsistentTargets(hops, parity, 0.5);
        TargetSelector selector = new TargetSelector(consistent, space, TargetMode.MEMBER, 1);
        int token = 42;
        int[] kept = consistent.members(token);
        float[] out = new float[12];
        for (long occurrence = 0; occurrence < 100; occurrence++) {
            selector.target(token, occurrence, 0, NoiseKey.researchSeed(5), out, 0);
            int row = -1;
            for (int v = 0; v < V && row < 0; v++) {
                if (Arrays.equals(out, space.row(v))) {
                    row = v;
                }
            }
            assertTrue(Arrays.binarySearch(kept, row) >= 0, "target " + row + " is in " + Arrays.toString(kept));
        }
    }

    @Test
    void badSharesAndMismatchedProfilesAreRefused() {
        IllegalArgumentException zero =
                assertThrows(IllegalArgumentException.class, () -> new ConsistentTargets(hops, parity, 0));
        assertTrue(zero.getMessage().contains("(0, 1]"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConsistentTargets(hops, parity, 1.5));
        CtiScores small = CtiScores.fromCorpus(List.of(new int[] {1}, new int[] {2}), new int[] {0, 1}, 5, Set.of());
        IllegalArgumentException mismatch =
                assertThrows(IllegalArgumentException.class, () -> new ConsistentTargets(hops, small, 0.5));
        assertTrue(mismatch.getMessage().contains("400"), mismatch.getMessage());
    }
}
