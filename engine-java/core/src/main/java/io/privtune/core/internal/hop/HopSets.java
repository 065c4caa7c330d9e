package io.privtune.core.internal.hop;

import io.privtune.core.knn.KnnGraph;
import io.privtune.core.progress.ProgressListener;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

/**
 * The n-hop indirect neighbours of every vertex of a kNN graph (docs/DESIGN.md §3.3): N_n(u) = { v :
 * BFS distance from u along out-edges is exactly n }, sorted by id. When N_n(u) is empty the largest
 * non-empty hop below n is used instead and the case is counted. Sets are computed on first use and
 * kept, so a run pays only for the tokens it actually perturbs; {@link #computeAll} fills everything.
 */
public final class HopSets implements TargetCandidates {
    /** One vertex's set and the hop distance its members are at (n, or less after a fallback). */
    public record HopSet(int[] members, int hop) {}

    private final KnnGraph graph;
    private final int n;
    private final AtomicReferenceArray<HopSet> sets;
    private final AtomicInteger fallbacks = new AtomicInteger();
    private final ThreadLocal<int[]> distances;

    public HopSets(KnnGraph graph, int n) {
        if (n < 2) {
            throw new IllegalArgumentException("hop distance n must be >= 2 (indirect neighbours), found " + n);
        }
        this.graph = graph;
        this.n = n;
        this.sets = new AtomicReferenceArray<>(graph.vertices());
        this.distances = ThreadLocal.withInitial(() -> {
            int[] d = new int[graph.vertices()];
            Arrays.fill(d, -1);
            return d;
        });
    }

    public int n() {
        return n;
    }

    public KnnGraph graph() {
        return graph;
    }

    @Override
    public int vertices() {
        return graph.vertices();
    }

    @Override
    public int[] members(int token) {
        return of(token).members();
    }

    public HopSet of(int u) {
        if (u < 0 || u >= graph.vertices()) {
            throw new IllegalArgumentException(
                    "token id " + u + " is outside the dictionary [0, " + graph.vertices() + ")");
        }
        HopSet set = sets.get(u);
        if (set == null) {
            HopSet computed = bfs(u);
            if (sets.compareAndSet(u, null, computed)) {
                if (computed.hop() < n) {
                    fallbacks.incrementAndGet();
                }
                set = computed;
            } else {
                set = sets.get(u);
            }
        }
        return set;
    }

    /** How many of the sets computed so far fell back to a hop below n. */
    public int fallbackCount() {
        return fallbacks.get();
    }

    /** Computes every vertex's set (in parallel) and returns the fallback count over the whole graph. */
    public int computeAll(ProgressListener progress) {
        int v = graph.vertices();
        AtomicLong done = new AtomicLong();
        IntStream.range(0, v).parallel().forEach(u -> {
            of(u);
            long d = done.incrementAndGet();
            if (d % 1024 == 0 || d == v) {
                progress.advance(d, v);
            }
        });
        return fallbacks.get();
    }

    private HopSet bfs(int source) {
        int[] distance = distances.get();
        int k = graph.k();
        int[] frontier = {source};
        int[] visited = new int[64];
        int visitedCount = 0;
        distance[source] = 0;
        visited[visitedCount++] = source;
        int[] lastNonEmpty = null;
        int lastHop = 0;
        try {
            for (int hop = 1; hop <= n && frontier.length > 0; hop++) {
                int[] next = new int[Math.min(graph.vertices(), frontier.length * k)];
                int size = 0;
                for (int u : frontier) {
                    for (int r = 0; r < k; r++) {
                        int w = graph.neighbour(u, r);
                        if (distance[w] < 0) {
                            distance[w] = hop;
                            if (visitedCount == visited.length) {
                                visited = Arrays.copyOf(visited, visitedCount * 2);
                            }
                            visited[visitedCount++] = w;
                            next[size++] = w;
                        }
                    }
                }
                frontier = Arrays.copyOf(next, size);
                if (size > 0) {
                    lastNonEmpty = frontier;
                    lastHop = hop;
                }
            }
        } finally {
            for (int i = 0; i < visitedCount; i++) {
                distance[visited[i]] = -1;
            }
        }
        int[] members = lastNonEmpty.clone();
        Arrays.sort(members);
        return new HopSet(members, lastHop);
    }
}
