package io.privtune.split.attack;

import io.privtune.core.knn.CosineIndex;
import io.privtune.core.knn.CpuL2Index;
import io.privtune.core.knn.NeighbourLists;
import io.privtune.core.progress.ProgressListener;

/**
 * The knn embedding-inversion attack (docs/DESIGN.md §4, EIA 1): each uploaded vector is decoded as its nearest
 * dictionary row, once by cosine similarity and once by Euclidean distance; the stronger is reported.
 * ASR = the share of non-special tokens recovered (top-1), or found among the 5 nearest (top-5).
 */
public final class KnnAttack {
    /** Recovery rates per variant; {@link #top1()} and {@link #top5()} are the stronger of the two. */
    public record Result(int attacked, double top1Cosine, double top5Cosine, double top1L2, double top5L2) {
        public double top1() {
            return Math.max(top1Cosine, top1L2);
        }

        public double top5() {
            return Math.max(top5Cosine, top5L2);
        }
    }

    private final CosineIndex cosine;
    private final CpuL2Index euclidean;

    public KnnAttack(CosineIndex cosine, CpuL2Index euclidean) {
        if (cosine.rows() != euclidean.rows() || cosine.dim() != euclidean.dim()) {
            throw new IllegalArgumentException("the cosine and L2 indexes must cover the same dictionary");
        }
        this.cosine = cosine;
        this.euclidean = euclidean;
    }

    /** Progress counts both passes: 2 x the attacked tokens. */
    public Result run(float[] uploaded, int[] trueIds, boolean[] special, ProgressListener progress) {
        AttackedTokens tokens = AttackedTokens.of(uploaded, trueIds, special, cosine.dim(), "knn attack");
        int attacked = tokens.count();
        float[] queries = tokens.rows();
        int[] truth = tokens.truth();
        int total = attacked;
        double[] byCosine =
                recovery(cosine.search(queries, attacked, 5, (done, all) -> progress.advance(done, 2L * total)), truth);
        double[] byL2 = recovery(
                euclidean.search(queries, attacked, 5, (done, all) -> progress.advance(total + done, 2L * total)),
                truth);
        return new Result(attacked, byCosine[0], byCosine[1], byL2[0], byL2[1]);
    }

    /**
     * The cosine-nearest dictionary row of every uploaded vector (n x d, special or not): the attacker's
     * reading of the text, which the bag-of-tokens attribute attack learns from.
     */
    public int[] decode(float[] uploaded, ProgressListener progress) {
        int n = uploaded.length / cosine.dim();
        NeighbourLists nearest = cosine.search(uploaded, n, 1, progress);
        int[] ids = new int[n];
        for (int q = 0; q < n; q++) {
            ids[q] = nearest.id(q, 0);
        }
        return ids;
    }

    private static double[] recovery(NeighbourLists guesses, int[] truth) {
        int top1 = 0, top5 = 0;
        for (int q = 0; q < truth.length; q++) {
            if (guesses.id(q, 0) == truth[q]) {
                top1++;
            }
            for (int r = 0; r < guesses.k(); r++) {
                if (guesses.id(q, r) == truth[q]) {
                    top5++;
                    break;
                }
            }
        }
        return new double[] {(double) top1 / truth.length, (double) top5 / truth.length};
    }
}
