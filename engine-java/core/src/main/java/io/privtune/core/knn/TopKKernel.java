package io.privtune.core.knn;

/**
 * The CPU hot path of exact kNN search (docs/DESIGN.md §3.2; cosine on unit rows, L2 on augmented rows): a
 * register-blocked GEMM micro-kernel ({@link #rows} query rows x {@link #vectors} vectors of database columns)
 * fused with the top-k filter. Each finished tile is compared in registers against every row's current k-th similarity; only rows of
 * a tile holding a candidate are merged, so the V x V score matrix never exists, not even one tile row of it.
 *
 * <p>One subclass per shape, each written out in full: the Vector API compiles to vector instructions only
 * where the species is a constant at the call, and C2 keeps accumulators in registers only when they are
 * scalar locals (not array elements), so a shape cannot be a parameter. {@link KernelShapes} picks one.
 *
 * <p>Loop order per block of query rows: database chunks of about {@link #CHUNK_COLUMNS} columns (≈ 400 KB
 * at d = 384, stays in L2) outermost, then query groups, then panels. Database columns of each row are
 * therefore visited in increasing order, which is what makes {@link TopKRows}' tie rule deterministic.
 */
abstract class TopKKernel {
    /** Database columns per chunk kept hot in L2 while a block's query groups stream past it. */
    static final int CHUNK_COLUMNS = 256;

    /** The override's name, e.g. {@code avx512-6x2}. */
    final String name;
    /** The vector width this shape is written for, in bits. */
    final int vectorBits;
    /** Query rows per micro-tile (one broadcast each per dimension step). */
    final int rows;
    /** Database vectors per micro-tile (one load each per dimension step). */
    final int vectors;
    /** Database columns per packed panel: {@code vectors} vectors. */
    final int panel;

    final int chunkPanels;

    TopKKernel(String name, int vectorBits, int rows, int vectors) {
        this.name = name;
        this.vectorBits = vectorBits;
        this.rows = rows;
        this.vectors = vectors;
        this.panel = vectors * (vectorBits / Float.SIZE);
        this.chunkPanels = Math.max(1, CHUNK_COLUMNS / panel);
    }

    /** Accumulator registers: the number that must stay live through the dimension loop. */
    int accumulators() {
        return rows * vectors;
    }

    /** {@code n} rounded up to whole micro-tiles: queries are padded with zero rows to this length. */
    int padded(int n) {
        return (n + rows - 1) / rows * rows;
    }

    /**
     * Top-k of query rows [first, last) of {@code queries} (row-major, padded with zero rows to a multiple
     * of {@link #rows}) against {@code db}, packed for this shape. {@code selfOffset}: when &ge; 0, query row
     * r is database row r + selfOffset and is excluded from its own list.
     */
    final void searchBlock(float[] queries, int first, int last, PackedDatabase db, TopKRows top, int selfOffset) {
        float[] spill = new float[rows * panel];
        for (int chunk = 0; chunk < db.panels; chunk += chunkPanels) {
            int chunkEnd = Math.min(db.panels, chunk + chunkPanels);
            for (int g = first; g < last; g += rows) {
                int valid = Math.min(rows, last - g);
                for (int p = chunk; p < chunkEnd; p++) {
                    microTile(queries, g, g - first, valid, db, p, top, selfOffset, spill);
                }
            }
        }
    }

    /**
     * One tile: query rows [row0, row0 + rows) (block-local index local0, the first {@code valid} real)
     * against panel {@code panel}; spills the tile into {@code spill} ([row][column]) and calls {@link #merge}
     * for each valid row whose tile maximum beats its k-th best.
     */
    abstract void microTile(
            float[] q,
            int row0,
            int local0,
            int valid,
            PackedDatabase db,
            int panel,
            TopKRows top,
            int selfOffset,
            float[] spill);

    /** Offers the columns of one spilled tile row to the row's top-k list, in increasing id order. */
    static void merge(
            float[] spill,
            int tileRow,
            int width,
            int localRow,
            int queryRow,
            int column0,
            PackedDatabase db,
            TopKRows top,
            int selfOffset) {
        int self = selfOffset >= 0 ? queryRow + selfOffset : -1;
        int end = Math.min(width, db.rows - column0);
        int base = tileRow * width;
        for (int c = 0; c < end; c++) {
            int id = column0 + c;
            if (id != self) {
                top.offer(localRow, spill[base + c], id);
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
