package io.privtune.core.knn;

import io.privtune.core.space.EmbeddingSpace;
import java.util.stream.IntStream;

/** Row normalisation for cosine similarity. A zero row stays zero (similarity 0 to everything). */
public final class UnitRows {
    private UnitRows() {}

    /** Unit-length copies of {@code rows} rows of {@code values} (row-major), padded with zero rows to {@code paddedRows}. */
    public static float[] normalise(float[] values, int rows, int dim, int paddedRows) {
        float[] out = new float[paddedRows * dim];
        IntStream.range(0, rows).parallel().forEach(r -> {
            double sum = 0;
            for (int j = 0; j < dim; j++) {
                double v = values[r * dim + j];
                sum += v * v;
            }
            if (sum > 0) {
                float inv = (float) (1.0 / Math.sqrt(sum));
                for (int j = 0; j < dim; j++) {
                    out[r * dim + j] = values[r * dim + j] * inv;
                }
            }
        });
        return out;
    }

    public static float[] normalise(EmbeddingSpace space, int paddedRows) {
        return normalise(space.toArray(), space.rows(), space.dim(), paddedRows);
    }
}
