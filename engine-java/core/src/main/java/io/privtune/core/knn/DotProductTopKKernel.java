package io.privtune.core.knn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The CPU hot path of exact kNN search (cosine on unit rows, L2 on augmented rows): a register-blocked
 * GEMM micro-kernel (GROUP query rows x
 * PANEL database columns, 12 vector accumulators) fused with the top-k filter. Each finished tile is
 * compared in registers against every row's current k-th similarity; only tiles holding a candidate
 * are spilled and merged, so the V x V score matrix never exists, not even one tile row of it.
 *
 * <p>Loop order per block of query rows: database chunks of CHUNK_PANELS panels (≈ 400 KB, stays in
 * L2) outermost, then query groups, then panels. Database columns of each row are therefore visited
 * in increasing order, which is what makes {@link TopKRows}' tie rule deterministic.
 */
final class DotProductTopKKernel {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    /** Database columns per packed panel: two vectors. */
    static final int PANEL = 2 * LANES;
    /** Query rows per micro-tile. 6 rows x 2 vectors = 12 accumulators, fits AVX2's 16 and AVX-512's 32 registers. */
    static final int GROUP = 6;
    /** Panels per database chunk kept hot in L2 while a block's query groups stream past it. */
    static final int CHUNK_PANELS = 8;

    private DotProductTopKKernel() {}

    /**
     * Top-k of query rows [first, last) of {@code queries} (unit rows, row-major, padded with zero rows
     * to a multiple of GROUP) against {@code db}. {@code selfOffset}: when &ge; 0, query row r is database
     * row r + selfOffset and is excluded from its own list.
     */
    static void searchBlock(float[] queries, int first, int last, PackedDatabase db, TopKRows top, int selfOffset) {
        float[] spill = new float[GROUP * PANEL];
        for (int chunk = 0; chunk < db.panels; chunk += CHUNK_PANELS) {
            int chunkEnd = Math.min(db.panels, chunk + CHUNK_PANELS);
            for (int g = first; g < last; g += GROUP) {
                int valid = Math.min(GROUP, last - g);
                for (int p = chunk; p < chunkEnd; p++) {
                    microTile(queries, g, g - first, valid, db, p, top, selfOffset, spill);
                }
            }
        }
    }

    private static void microTile(
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
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        int bi = panel * d * PANEL;
        for (int j = 0; j < d; j++, bi += PANEL) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, q[a0 + j]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(SPECIES, q[a1 + j]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(SPECIES, q[a2 + j]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(SPECIES, q[a3 + j]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(SPECIES, q[a4 + j]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(SPECIES, q[a5 + j]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
        }
        // Spill the tile (12 stores, cheap next to 12 x dim FMAs) and filter rows against their k-th best;
        // keeping vectors out of method arguments lets C2 hold all accumulators in registers.
        c00.intoArray(spill, 0);
        c01.intoArray(spill, LANES);
        c10.intoArray(spill, PANEL);
        c11.intoArray(spill, PANEL + LANES);
        c20.intoArray(spill, 2 * PANEL);
        c21.intoArray(spill, 2 * PANEL + LANES);
        c30.intoArray(spill, 3 * PANEL);
        c31.intoArray(spill, 3 * PANEL + LANES);
        c40.intoArray(spill, 4 * PANEL);
        c41.intoArray(spill, 4 * PANEL + LANES);
        c50.intoArray(spill, 5 * PANEL);
        c51.intoArray(spill, 5 * PANEL + LANES);
        int column0 = panel * PANEL;
        for (int r = 0; r < valid; r++) {
            float threshold = top.threshold[local0 + r];
            FloatVector lo = FloatVector.fromArray(SPECIES, spill, r * PANEL);
            FloatVector hi = FloatVector.fromArray(SPECIES, spill, r * PANEL + LANES);
            if (lo.max(hi).compare(VectorOperators.GT, threshold).anyTrue()) {
                merge(spill, r, local0 + r, row0 + r, column0, db, top, selfOffset);
            }
        }
    }

    private static void merge(
            float[] spill,
            int tileRow,
            int localRow,
            int queryRow,
            int column0,
            PackedDatabase db,
            TopKRows top,
            int selfOffset) {
        int self = selfOffset >= 0 ? queryRow + selfOffset : -1;
        int end = Math.min(PANEL, db.rows - column0);
        int base = tileRow * PANEL;
        for (int c = 0; c < end; c++) {
            int id = column0 + c;
            if (id != self) {
                top.offer(localRow, spill[base + c], id);
            }
        }
    }
}
