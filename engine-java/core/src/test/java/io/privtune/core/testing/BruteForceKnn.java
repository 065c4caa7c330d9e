package io.privtune.core.testing;

import io.privtune.core.knn.NeighbourLists;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The obvious reference: every pair's cosine in double precision, full sort, take k. */
public final class BruteForceKnn {
    private BruteForceKnn() {}

    public static NeighbourLists search(
            float[] queries, int n, float[] database, int rows, int dim, int k, boolean excludeSelf) {
        double[] dbNorm = norms(database, rows, dim);
        double[] qNorm = norms(queries, n, dim);
        int[] ids = new int[n * k];
        float[] sims = new float[n * k];
        for (int q = 0; q < n; q++) {
            List<double[]> all = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                if (excludeSelf && r == q) {
                    continue;
                }
                double dot = 0;
                for (int j = 0; j < dim; j++) {
                    dot += (double) queries[q * dim + j] * database[r * dim + j];
                }
                double denominator = qNorm[q] * dbNorm[r];
                all.add(new double[] {denominator == 0 ? 0 : dot / denominator, r});
            }
            all.sort(Comparator.<double[]>comparingDouble(a -> -a[0]).thenComparingDouble(a -> a[1]));
            for (int i = 0; i < k; i++) {
                ids[q * k + i] = (int) all.get(i)[1];
                sims[q * k + i] = (float) all.get(i)[0];
            }
        }
        return new NeighbourLists(n, k, ids, sims);
    }

    private static double[] norms(float[] m, int rows, int dim) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = 0; j < dim; j++) {
                s += (double) m[r * dim + j] * m[r * dim + j];
            }
            out[r] = Math.sqrt(s);
        }
        return out;
    }
}
