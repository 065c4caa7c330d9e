package io.privtune.core.knn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code avx512-12x2} shape: 12 query rows x 2 vectors of 16 floats (32 database columns per
 * panel), 24 accumulators + 2 loads + 1 broadcast = 27 of AVX-512's 32 vector registers.
 * Written out in full for C2, see {@link TopKKernel}.
 */
final class Avx512Kernel12x2 extends TopKKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;
    private static final int LANES = 16;
    private static final int PANEL = 2 * LANES;

    Avx512Kernel12x2() {
        super("avx512-12x2", 512, 12, 2);
    }

    @Override
    void microTile(
            float[] q,
            int row0,
            int local0,
            int valid,
            PackedDatabase db,
            int panel,
            TopKRows top,
            int selfOffset,
            float[] spill) {
        final int d = db.dim;
        final float[] b = db.packed;
        final int a0 = row0 * d;
        final int a1 = a0 + d;
        final int a2 = a1 + d;
        final int a3 = a2 + d;
        final int a4 = a3 + d;
        final int a5 = a4 + d;
        final int a6 = a5 + d;
        final int a7 = a6 + d;
        final int a8 = a7 + d;
        final int a9 = a8 + d;
        final int a10 = a9 + d;
        final int a11 = a10 + d;
        FloatVector c0a = FloatVector.zero(SPECIES), c0b = FloatVector.zero(SPECIES);
        FloatVector c1a = FloatVector.zero(SPECIES), c1b = FloatVector.zero(SPECIES);
        FloatVector c2a = FloatVector.zero(SPECIES), c2b = FloatVector.zero(SPECIES);
        FloatVector c3a = FloatVector.zero(SPECIES), c3b = FloatVector.zero(SPECIES);
        FloatVector c4a = FloatVector.zero(SPECIES), c4b = FloatVector.zero(SPECIES);
        FloatVector c5a = FloatVector.zero(SPECIES), c5b = FloatVector.zero(SPECIES);
        FloatVector c6a = FloatVector.zero(SPECIES), c6b = FloatVector.zero(SPECIES);
        FloatVector c7a = FloatVector.zero(SPECIES), c7b = FloatVector.zero(SPECIES);
        FloatVector c8a = FloatVector.zero(SPECIES), c8b = FloatVector.zero(SPECIES);
        FloatVector c9a = FloatVector.zero(SPECIES), c9b = FloatVector.zero(SPECIES);
        FloatVector c10a = FloatVector.zero(SPECIES), c10b = FloatVector.zero(SPECIES);
        FloatVector c11a = FloatVector.zero(SPECIES), c11b = FloatVector.zero(SPECIES);
        int bi = panel * d * PANEL;
        for (int j = 0; j < d; j++, bi += PANEL) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, q[a0 + j]);
            c0a = b0.fma(x, c0a);
            c0b = b1.fma(x, c0b);
            x = FloatVector.broadcast(SPECIES, q[a1 + j]);
            c1a = b0.fma(x, c1a);
            c1b = b1.fma(x, c1b);
            x = FloatVector.broadcast(SPECIES, q[a2 + j]);
            c2a = b0.fma(x, c2a);
            c2b = b1.fma(x, c2b);
            x = FloatVector.broadcast(SPECIES, q[a3 + j]);
            c3a = b0.fma(x, c3a);
            c3b = b1.fma(x, c3b);
            x = FloatVector.broadcast(SPECIES, q[a4 + j]);
            c4a = b0.fma(x, c4a);
            c4b = b1.fma(x, c4b);
            x = FloatVector.broadcast(SPECIES, q[a5 + j]);
            c5a = b0.fma(x, c5a);
            c5b = b1.fma(x, c5b);
            x = FloatVector.broadcast(SPECIES, q[a6 + j]);
            c6a = b0.fma(x, c6a);
            c6b = b1.fma(x, c6b);
            x = FloatVector.broadcast(SPECIES, q[a7 + j]);
            c7a = b0.fma(x, c7a);
            c7b = b1.fma(x, c7b);
            x = FloatVector.broadcast(SPECIES, q[a8 + j]);
            c8a = b0.fma(x, c8a);
            c8b = b1.fma(x, c8b);
            x = FloatVector.broadcast(SPECIES, q[a9 + j]);
            c9a = b0.fma(x, c9a);
            c9b = b1.fma(x, c9b);
            x = FloatVector.broadcast(SPECIES, q[a10 + j]);
            c10a = b0.fma(x, c10a);
            c10b = b1.fma(x, c10b);
            x = FloatVector.broadcast(SPECIES, q[a11 + j]);
            c11a = b0.fma(x, c11a);
            c11b = b1.fma(x, c11b);
        }
        // Spill the tile (24 stores, cheap next to 24 x d FMAs), then filter each row in registers against
        // its k-th best; keeping vectors out of method arguments lets C2 hold all accumulators in registers.
        c0a.intoArray(spill, 0);
        c0b.intoArray(spill, LANES);
        c1a.intoArray(spill, PANEL);
        c1b.intoArray(spill, PANEL + LANES);
        c2a.intoArray(spill, 2 * PANEL);
        c2b.intoArray(spill, 2 * PANEL + LANES);
        c3a.intoArray(spill, 3 * PANEL);
        c3b.intoArray(spill, 3 * PANEL + LANES);
        c4a.intoArray(spill, 4 * PANEL);
        c4b.intoArray(spill, 4 * PANEL + LANES);
        c5a.intoArray(spill, 5 * PANEL);
        c5b.intoArray(spill, 5 * PANEL + LANES);
        c6a.intoArray(spill, 6 * PANEL);
        c6b.intoArray(spill, 6 * PANEL + LANES);
        c7a.intoArray(spill, 7 * PANEL);
        c7b.intoArray(spill, 7 * PANEL + LANES);
        c8a.intoArray(spill, 8 * PANEL);
        c8b.intoArray(spill, 8 * PANEL + LANES);
        c9a.intoArray(spill, 9 * PANEL);
        c9b.intoArray(spill, 9 * PANEL + LANES);
        c10a.intoArray(spill, 10 * PANEL);
        c10b.intoArray(spill, 10 * PANEL + LANES);
        c11a.intoArray(spill, 11 * PANEL);
        c11b.intoArray(spill, 11 * PANEL + LANES);
        float[] threshold = top.threshold;
        int column0 = panel * PANEL;
        if (c0a.max(c0b).compare(VectorOperators.GT, threshold[local0]).anyTrue()) {
            merge(spill, 0, PANEL, local0, row0, column0, db, top, selfOffset);
        }
        if (valid > 1
                && c1a.max(c1b)
                        .compare(VectorOperators.GT, threshold[local0 + 1])
                        .anyTrue()) {
            merge(spill, 1, PANEL, local0 + 1, row0 + 1, column0, db, top, selfOffset);
        }
        if (valid > 2
                && c2a.max(c2b)
                        .compare(VectorOperators.GT, threshold[local0 + 2])
                        .anyTrue()) {
            merge(spill, 2, PANEL, local0 + 2, row0 + 2, column0, db, top, selfOffset);
        }
        if (valid > 3
                && c3a.max(c3b)
                        .compare(VectorOperators.GT, threshold[local0 + 3])
                        .anyTrue()) {
            merge(spill, 3, PANEL, local0 + 3, row0 + 3, column0, db, top, selfOffset);
        }
        if (valid > 4
                && c4a.max(c4b)
                        .compare(VectorOperators.GT, threshold[local0 + 4])
                        .anyTrue()) {
            merge(spill, 4, PANEL, local0 + 4, row0 + 4, column0, db, top, selfOffset);
        }
        if (valid > 5
                && c5a.max(c5b)
                        .compare(VectorOperators.GT, threshold[local0 + 5])
                        .anyTrue()) {
            merge(spill, 5, PANEL, local0 + 5, row0 + 5, column0, db, top, selfOffset);
        }
        if (valid > 6
                && c6a.max(c6b)
                        .compare(VectorOperators.GT, threshold[local0 + 6])
                        .anyTrue()) {
            merge(spill, 6, PANEL, local0 + 6, row0 + 6, column0, db, top, selfOffset);
        }
        if (valid > 7
                && c7a.max(c7b)
                        .compare(VectorOperators.GT, threshold[local0 + 7])
                        .anyTrue()) {
            merge(spill, 7, PANEL, local0 + 7, row0 + 7, column0, db, top, selfOffset);
        }
        if (valid > 8
                && c8a.max(c8b)
                        .compare(VectorOperators.GT, threshold[local0 + 8])
                        .anyTrue()) {
            merge(spill, 8, PANEL, local0 + 8, row0 + 8, column0, db, top, selfOffset);
        }
        if (valid > 9
                && c9a.max(c9b)
                        .compare(VectorOperators.GT, threshold[local0 + 9])
                        .anyTrue()) {
            merge(spill, 9, PANEL, local0 + 9, row0 + 9, column0, db, top, selfOffset);
        }
        if (valid > 10
                && c10a.max(c10b)
                        .compare(VectorOperators.GT, threshold[local0 + 10])
                        .anyTrue()) {
            merge(spill, 10, PANEL, local0 + 10, row0 + 10, column0, db, top, selfOffset);
        }
        if (valid > 11
                && c11a.max(c11b)
                        .compare(VectorOperators.GT, threshold[local0 + 11])
                        .anyTrue()) {
            merge(spill, 11, PANEL, local0 + 11, row0 + 11, column0, db, top, selfOffset);
        }
    }
}
