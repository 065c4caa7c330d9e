package io.privtune.split.attack;

import io.privtune.core.knn.CosineIndex;
import io.privtune.core.knn.NeighbourLists;
import io.privtune.core.progress.ProgressListener;

/**
 * The knn embedding-inversion attack (DESIGN §4, EIA 1), cosine variant: each uploaded vector is
 * decoded as its most similar dictionary row. ASR = the share of non-special tokens recovered.
 */
public final class KnnAttack {
    /** Top-1 and top-5 recovery rates over {@code attacked} tokens. */
    public record Result(int attacked, double top1, double top5) { }

    private final CosineIndex dictionary;

    public KnnAttack(CosineIndex dictionary) {
        this.dictionary = dictionary;
    }

    public Result run(float[] uploaded, int[] trueIds, boolean[] special, ProgressListener progress) {
        int d = dictionary.dim();
        int n = trueIds.length;
        int attacked = 0;
        for (boolean s : special) {
            attacked += s ? 0 : 1;
        }
        if (attacked == 0) {
            throw new IllegalArgumentException("knn attack: no non-special tokens to attack");
        }
        float[] queries = new float[attacked * d];
        int[] truth = new int[attacked];
        for (int i = 0, q = 0; i < n; i++) {
            if (!special[i]) {
                System.arraycopy(uploaded, i * d, queries, q * d, d);
                truth[q++] = trueIds[i];
            }
        }
        NeighbourLists guesses = dictionary.search(queries, attacked, 5, progress);
        int top1 = 0, top5 = 0;
        for (int q = 0; q < attacked; q++) {
            if (guesses.id(q, 0) == truth[q]) {
                top1++;
            }
            for (int r = 0; r < 5; r++) {
                if (guesses.id(q, r) == truth[q]) {
                    top5++;
                    break;
                }
            }
        }
        return new Result(attacked, (double) top1 / attacked, (double) top5 / attacked);
    }
}
