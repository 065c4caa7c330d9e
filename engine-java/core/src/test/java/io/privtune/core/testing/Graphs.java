package io.privtune.core.testing;

import io.privtune.core.knn.KnnGraph;
import io.privtune.core.knn.NeighbourLists;
import java.util.SplittableRandom;

/** Hand-made kNN graphs for hop-set tests (similarities decrease by rank; only ids matter there). */
public final class Graphs {
    private Graphs() {}

    public static KnnGraph of(int[][] adjacency) {
        int v = adjacency.length;
        int k = adjacency[0].length;
        int[] ids = new int[v * k];
        float[] sims = new float[v * k];
        for (int u = 0; u < v; u++) {
            for (int r = 0; r < k; r++) {
                ids[u * k + r] = adjacency[u][r];
                sims[u * k + r] = 1f - r * 0.01f;
            }
        }
        return new KnnGraph(new NeighbourLists(v, k, ids, sims));
    }

    /** A random directed graph with k distinct out-neighbours per vertex, none of them the vertex itself. */
    public static KnnGraph random(int v, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] adjacency = new int[v][k];
        for (int u = 0; u < v; u++) {
            java.util.Set<Integer> chosen = new java.util.LinkedHashSet<>();
            while (chosen.size() < k) {
                int w = random.nextInt(v);
                if (w != u) {
                    chosen.add(w);
                }
            }
            int r = 0;
            for (int w : chosen) {
                adjacency[u][r++] = w;
            }
        }
        return of(adjacency);
    }
}
