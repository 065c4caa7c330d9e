package io.privtune.core.knn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code avx2-2x4} shape: 2 query rows x 4 vectors of 8 floats (32 database columns per
 * panel), 8 accumulators + 4 loads + 1 broadcast = 13 of AVX2's 16 vector registers.
 * Written out in full for C2, see {@link TopKKernel}.
 */
final class Avx2Kernel2x4 extends TopKKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
    private static final int LANES = 8;
    private static final int PANEL = 4 * LANES;

    Avx2Kernel2x4() {
        super("avx2-2x4", 256, 2, 4);
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
        FloatVector c0a = FloatVector.zero(SPECIES),
                c0b = FloatVector.zero(SPECIES),
                c0c = FloatVector.zero(SPECIES),
                c0d = FloatVector.zero(SPECIES);
        FloatVector c1a = FloatVector.zero(SPECIES),
                c1b = FloatVector.zero(SPECIES),
                c1c = FloatVector.zero(SPECIES),
                c1d = FloatVector.zero(SPECIES);
        int bi = panel * d * PANEL;
        for (int j = 0; j < d; j++, bi += PANEL) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bi + 2 * LANES);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bi + 3 * LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, q[a0 + j]);
            c0a = b0.fma(x, c0a);
            c0b = b1.fma(x, c0b);
            c0c = b2.fma(x, c0c);
            c0d = b3.fma(x, c0d);
            x = FloatVector.broadcast(SPECIES, q[a1 + j]);
            c1a = b0.fma(x, c1a);
            c1b = b1.fma(x, c1b);
            c1c = b2.fma(x, c1c);
            c1d = b3.fma(x, c1d);
        }
        // Spill the tile (8 stores, cheap next to 8 x d FMAs), then filter each row in registers against
        // its k-th best; keeping vectors out of method arguments lets C2 hold all accumulators in registers.
        c0a.intoArray(spill, 0);
        c0b.intoArray(spill, LANES);
        c0c.intoArray(spill, 2 * LANES);
        c0d.intoArray(spill, 3 * LANES);
        c1a.intoArray(spill, PANEL);
        c1b.intoArray(spill, PANEL + LANES);
        c1c.intoArray(spill, PANEL + 2 * LANES);
        c1d.intoArray(spill, PANEL + 3 * LANES);
        float[] threshold = top.threshold;
        int column0 = panel * PANEL;
        if (c0a.max(c0b)
                .max(c0c)
                .max(c0d)
                .compare(VectorOperators.GT, threshold[local0])
                .anyTrue()) {
            merge(spill, 0, PANEL, local0, row0, column0, db, top, selfOffset);
        }
        if (valid > 1
                && c1a.max(c1b)
                        .max(c1c)
                        .max(c1d)
                        .compare(VectorOperators.GT, threshold[local0 + 1])
                        .anyTrue()) {
            merge(spill, 1, PANEL, local0 + 1, row0 + 1, column0, db, top, selfOffset);
        }
    }
}
