package io.privtune.core.knn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code avx512-4x3} shape: 4 query rows x 3 vectors of 16 floats (48 database columns per
 * panel), 12 accumulators + 3 loads + 1 broadcast = 16 of AVX-512's 32 vector registers.
 * Written out in full for C2, see {@link TopKKernel}.
 */
final class Avx512Kernel4x3 extends TopKKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;
    private static final int LANES = 16;
    private static final int PANEL = 3 * LANES;

    Avx512Kernel4x3() {
        super("avx512-4x3", 512, 4, 3);
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
        FloatVector c0a = FloatVector.zero(SPECIES), c0b = FloatVector.zero(SPECIES), c0c = FloatVector.zero(SPECIES);
        FloatVector c1a = FloatVector.zero(SPECIES), c1b = FloatVector.zero(SPECIES), c1c = FloatVector.zero(SPECIES);
        FloatVector c2a = FloatVector.zero(SPECIES), c2b = FloatVector.zero(SPECIES), c2c = FloatVector.zero(SPECIES);
        FloatVector c3a = FloatVector.zero(SPECIES), c3b = FloatVector.zero(SPECIES), c3c = FloatVector.zero(SPECIES);
        int bi = panel * d * PANEL;
        for (int j = 0; j < d; j++, bi += PANEL) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bi + 2 * LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, q[a0 + j]);
            c0a = b0.fma(x, c0a);
            c0b = b1.fma(x, c0b);
            c0c = b2.fma(x, c0c);
            x = FloatVector.broadcast(SPECIES, q[a1 + j]);
            c1a = b0.fma(x, c1a);
            c1b = b1.fma(x, c1b);
            c1c = b2.fma(x, c1c);
            x = FloatVector.broadcast(SPECIES, q[a2 + j]);
            c2a = b0.fma(x, c2a);
            c2b = b1.fma(x, c2b);
            c2c = b2.fma(x, c2c);
            x = FloatVector.broadcast(SPECIES, q[a3 + j]);
            c3a = b0.fma(x, c3a);
            c3b = b1.fma(x, c3b);
            c3c = b2.fma(x, c3c);
        }
        // Spill the tile (12 stores, cheap next to 12 x d FMAs), then filter each row in registers against
        // its k-th best; keeping vectors out of method arguments lets C2 hold all accumulators in registers.
        c0a.intoArray(spill, 0);
        c0b.intoArray(spill, LANES);
        c0c.intoArray(spill, 2 * LANES);
        c1a.intoArray(spill, PANEL);
        c1b.intoArray(spill, PANEL + LANES);
        c1c.intoArray(spill, PANEL + 2 * LANES);
        c2a.intoArray(spill, 2 * PANEL);
        c2b.intoArray(spill, 2 * PANEL + LANES);
        c2c.intoArray(spill, 2 * PANEL + 2 * LANES);
        c3a.intoArray(spill, 3 * PANEL);
        c3b.intoArray(spill, 3 * PANEL + LANES);
        c3c.intoArray(spill, 3 * PANEL + 2 * LANES);
        float[] threshold = top.threshold;
        int column0 = panel * PANEL;
        if (c0a.max(c0b).max(c0c).compare(VectorOperators.GT, threshold[local0]).anyTrue()) {
            merge(spill, 0, PANEL, local0, row0, column0, db, top, selfOffset);
        }
        if (valid > 1
                && c1a.max(c1b)
                        .max(c1c)
                        .compare(VectorOperators.GT, threshold[local0 + 1])
                        .anyTrue()) {
            merge(spill, 1, PANEL, local0 + 1, row0 + 1, column0, db, top, selfOffset);
        }
        if (valid > 2
                && c2a.max(c2b)
                        .max(c2c)
                        .compare(VectorOperators.GT, threshold[local0 + 2])
                        .anyTrue()) {
            merge(spill, 2, PANEL, local0 + 2, row0 + 2, column0, db, top, selfOffset);
        }
        if (valid > 3
                && c3a.max(c3b)
                        .max(c3c)
                        .compare(VectorOperators.GT, threshold[local0 + 3])
                        .anyTrue()) {
            merge(spill, 3, PANEL, local0 + 3, row0 + 3, column0, db, top, selfOffset);
        }
    }
}
