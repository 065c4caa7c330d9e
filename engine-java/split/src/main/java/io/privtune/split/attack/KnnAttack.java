package io.privtune.split.attack;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.knn.CosineIndex;
import io.privtune.core.knn.CpuL2Index;
import io.privtune.core.knn.NeighbourLists;
import io.privtune.core.mechanism.NoiseShape;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;

/**
 * The knn embedding-inversion attack (docs/DESIGN.md §4, EIA 1): each uploaded vector is decoded as its nearest
 * dictionary row, once by cosine similarity and once by Euclidean distance; the stronger is reported.
 * ASR = the share of non-special tokens recovered (top-1), or found among the 5 nearest (top-5). Against noise with a
 * Mahalanobis {@link NoiseShape}, the attacker who knows the shape decodes in the whitened space ({@link #whitened}),
 * where nearest-row decoding is the maximum-likelihood guess again.
 */
public final class KnnAttack {
    /**
     * Recovery rates per variant; {@link #top1()} and {@link #top5()} are the stronger of the two. The hits are per
     * attacked token (top-1 and top-5, cosine then L2), for bootstrap intervals; null when not kept.
     */
    public record Result(
            int attacked,
            double top1Cosine,
            double top5Cosine,
            double top1L2,
            double top5L2,
            boolean[][] cosineHits,
            boolean[][] l2Hits) {
        public Result(int attacked, double top1Cosine, double top5Cosine, double top1L2, double top5L2) {
            this(attacked, top1Cosine, top5Cosine, top1L2, top5L2, null, null);
        }

        /** The top-1 hits of the stronger variant (the one {@link #top1()} reports). */
        public boolean[] top1Hits() {
            return cosineHits == null ? null : top1Cosine >= top1L2 ? cosineHits[0] : l2Hits[0];
        }

        /** The top-5 hits of the stronger variant (the one {@link #top5()} reports). */
        public boolean[] top5Hits() {
            return cosineHits == null ? null : top5Cosine >= top5L2 ? cosineHits[1] : l2Hits[1];
        }

        public double top1() {
            return Math.max(top1Cosine, top1L2);
        }

        public double top5() {
            return Math.max(top5Cosine, top5L2);
        }
    }

    private final CosineIndex cosine;
    private final CpuL2Index euclidean;
    private final NoiseShape whitening;

    public KnnAttack(CosineIndex cosine, CpuL2Index euclidean) {
        this(cosine, euclidean, null);
    }

    private KnnAttack(CosineIndex cosine, CpuL2Index euclidean, NoiseShape whitening) {
        if (cosine.rows() != euclidean.rows() || cosine.dim() != euclidean.dim()) {
            throw new IllegalArgumentException("the cosine and L2 indexes must cover the same dictionary");
        }
        this.cosine = cosine;
        this.euclidean = euclidean;
        this.whitening = whitening;
    }

    /** Both variants on L⁻¹R and L⁻¹h~: the attack of one who knows the noise's shape (every parameter is public). */
    public static KnnAttack whitened(NoiseShape shape, EmbeddingSpace dictionary, ComputeBackend backend) {
        EmbeddingSpace white = shape.whiten(dictionary);
        return new KnnAttack(backend.cosineIndex(white), new CpuL2Index(white), shape);
    }

    /** Progress counts both passes: 2 x the attacked tokens. */
    public Result run(float[] uploaded, int[] trueIds, boolean[] special, ProgressListener progress) {
        AttackedTokens tokens = AttackedTokens.of(uploaded, trueIds, special, cosine.dim(), "knn attack");
        int attacked = tokens.count();
        float[] queries = whitening == null ? tokens.rows() : whitening.whiten(tokens.rows(), attacked);
        int[] truth = tokens.truth();
        int total = attacked;
        boolean[][] byCosine =
                recovery(cosine.search(queries, attacked, 5, (done, all) -> progress.advance(done, 2L * total)), truth);
        boolean[][] byL2 = recovery(
                euclidean.search(queries, attacked, 5, (done, all) -> progress.advance(total + done, 2L * total)),
                truth);
        return new Result(attacked, rate(byCosine[0]), rate(byCosine[1]), rate(byL2[0]), rate(byL2[1]), byCosine, byL2);
    }

    /**
     * The cosine-nearest dictionary row of every uploaded vector (n x d, special or not): the attacker's
     * reading of the text, which the bag-of-tokens attribute attack learns from.
     */
    public int[] decode(float[] uploaded, ProgressListener progress) {
        int n = uploaded.length / cosine.dim();
        float[] queries = whitening == null ? uploaded : whitening.whiten(uploaded, n);
        NeighbourLists nearest = cosine.search(queries, n, 1, progress);
        int[] ids = new int[n];
        for (int q = 0; q < n; q++) {
            ids[q] = nearest.id(q, 0);
        }
        return ids;
    }

    /** Per query: {top-1 hit, top-k hit}. */
    private static boolean[][] recovery(NeighbourLists guesses, int[] truth) {
        boolean[] top1 = new boolean[truth.length];
        boolean[] top5 = new boolean[truth.length];
        for (int q = 0; q < truth.length; q++) {
            top1[q] = guesses.id(q, 0) == truth[q];
            for (int r = 0; r < guesses.k(); r++) {
                if (guesses.id(q, r) == truth[q]) {
                    top5[q] = true;
                    break;
                }
            }
        }
        return new boolean[][] {top1, top5};
    }

    private static double rate(boolean[] hits) {
        int n = 0;
        for (boolean h : hits) {
            n += h ? 1 : 0;
        }
        return (double) n / hits.length;
    }
}
