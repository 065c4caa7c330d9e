package io.privtune.core.knn;

import io.privtune.core.space.EmbeddingSpace;
import java.util.stream.IntStream;

/**
 * The database side of the cosine kNN kernel: unit rows transposed into column panels as wide as the
 * kernel shape's tile ({@link TopKKernel#panel} columns), laid out [panel][dimension][column], so the kernel
 * reads its vectors contiguously per dimension step. Columns past the last row are zero and never reported.
 * Built once per dictionary and reused for every query batch (the graph and the knn attack).
 */
public final class PackedDatabase {
    final int rows;
    final int dim;
    final int panels;
    final float[] packed;
    /** The shape this layout was packed for; searches over it run this shape. */
    final TopKKernel kernel;

    private PackedDatabase(int rows, int dim, int panels, float[] packed, TopKKernel kernel) {
        this.rows = rows;
        this.dim = dim;
        this.panels = panels;
        this.packed = packed;
        this.kernel = kernel;
    }

    public static PackedDatabase of(EmbeddingSpace space) {
        return of(space, KernelShapes.DEFAULT);
    }

    static PackedDatabase of(EmbeddingSpace space, TopKKernel kernel) {
        return pack(UnitRows.normalise(space, space.rows()), space.rows(), space.dim(), kernel);
    }

    /** Rows packed as given (no normalisation): for inner-product search, e.g. L2 through augmented rows. */
    static PackedDatabase pack(float[] unit, int rows, int dim, TopKKernel kernel) {
        int width = kernel.panel;
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
        return new PackedDatabase(rows, dim, panels, packed, kernel);
    }

    public int rows() {
        return rows;
    }

    public int dim() {
        return dim;
    }

    @Override
    public String toString() {
        return "PackedDatabase[" + rows + " x " + dim + ", kernel " + kernel.name + ", " + panels + " panels of "
                + kernel.panel + " columns]";
    }
}
