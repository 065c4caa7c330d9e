package io.privtune.core.knn;

import io.privtune.core.space.EmbeddingSpace;
import java.util.stream.IntStream;

/**
 * The database side of the cosine kNN kernel: unit rows transposed into column panels of
 * {@link DotProductTopKKernel#PANEL} rows each, laid out [panel][dimension][column], so the kernel reads
 * two contiguous vectors per dimension step. Columns past the last row are zero and never reported.
 * Built once per dictionary and reused for every query batch (the graph and the knn attack).
 */
public final class PackedDatabase {
    final int rows;
    final int dim;
    final int panels;
    final float[] packed;

    private PackedDatabase(int rows, int dim, int panels, float[] packed) {
        this.rows = rows;
        this.dim = dim;
        this.panels = panels;
        this.packed = packed;
    }

    public static PackedDatabase of(EmbeddingSpace space) {
        return pack(UnitRows.normalise(space, space.rows()), space.rows(), space.dim());
    }

    /** Rows packed as given (no normalisation): for inner-product search, e.g. L2 through augmented rows. */
    static PackedDatabase pack(float[] unit, int rows, int dim) {
        int width = DotProductTopKKernel.PANEL;
        int panels = (rows + width - 1) / width;
        float[] packed = new float[Math.multiplyExact(panels * width, dim)];
        IntStream.range(0, panels).parallel().forEach(p -> {
            int base = p * dim * width;
            for (int c = 0; c < width; c++) {
                int row = p * width + c;
                if (row >= rows) {
                    break;
                }
                for (int j = 0; j < dim; j++) {
                    packed[base + j * width + c] = unit[row * dim + j];
                }
            }
        });
        return new PackedDatabase(rows, dim, panels, packed);
    }

    public int rows() {
        return rows;
    }

    public int dim() {
        return dim;
    }
}
