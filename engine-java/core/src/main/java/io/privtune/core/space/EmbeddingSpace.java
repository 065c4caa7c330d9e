package io.privtune.core.space;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A V x d matrix of float32 row vectors held off-heap: the token dictionary R (docs/DESIGN.md §3.1), or any
 * set of representations. Rows are contiguous, row-major, native byte order. Immutable after
 * construction; every value is finite (checked on the way in, so no kernel ever sees NaN).
 */
public final class EmbeddingSpace {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private final String name;
    private final int rows;
    private final int dim;
    private final MemorySegment data;

    private EmbeddingSpace(String name, int rows, int dim, MemorySegment data) {
        this.name = name;
        this.rows = rows;
        this.dim = dim;
        this.data = data;
    }

    /** Copies {@code values} (row-major, rows x dim) off-heap after validating shape and finiteness. */
    public static EmbeddingSpace fromArray(String name, float[] values, int rows, int dim) {
        checkShape(name, rows, dim, values == null ? -1 : values.length);
        MemorySegment segment = Arena.ofAuto().allocate((long) rows * dim * Float.BYTES, 64);
        MemorySegment.copy(values, 0, segment, FLOAT, 0, values.length);
        return validated(name, rows, dim, segment);
    }

    /**
     * Copies a segment holding rows x dim little- or native-endian floats (as read from a file). The
     * source may be unaligned (safetensors, ONNX raw_data), so it is read with an unaligned layout.
     */
    public static EmbeddingSpace fromSegment(
            String name, MemorySegment source, int rows, int dim, ValueLayout.OfFloat sourceLayout) {
        checkShape(name, rows, dim, source.byteSize() / Float.BYTES);
        if (source.byteSize() != (long) rows * dim * Float.BYTES) {
            throw new IllegalArgumentException(name + ": expected " + ((long) rows * dim * Float.BYTES) + " bytes for "
                    + rows + " x " + dim + " float32, found " + source.byteSize());
        }
        MemorySegment segment = Arena.ofAuto().allocate((long) rows * dim * Float.BYTES, 64);
        MemorySegment.copy(source, sourceLayout, 0, segment, FLOAT, 0, (long) rows * dim);
        return validated(name, rows, dim, segment);
    }

    private static void checkShape(String name, int rows, int dim, long found) {
        if (rows <= 0 || dim <= 0) {
            throw new IllegalArgumentException(
                    name + ": an embedding space needs rows > 0 and dim > 0, found " + rows + " x " + dim);
        }
        if (found < 0) {
            throw new IllegalArgumentException(name + ": no values given");
        }
        if (found != (long) rows * dim) {
            throw new IllegalArgumentException(name + ": expected " + rows + " x " + dim + " = " + ((long) rows * dim)
                    + " floats, found " + found);
        }
    }

    private static EmbeddingSpace validated(String name, int rows, int dim, MemorySegment segment) {
        for (long i = 0, n = (long) rows * dim; i < n; i++) {
            float v = segment.getAtIndex(FLOAT, i);
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(name + ": row " + (i / dim) + ", column " + (i % dim) + " is " + v
                        + "; embeddings must be finite");
            }
        }
        return new EmbeddingSpace(name, rows, dim, segment.asReadOnly());
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int dim() {
        return dim;
    }

    /** The read-only backing segment, rows x dim native-order floats, 64-byte aligned. */
    public MemorySegment segment() {
        return data;
    }

    public float get(int row, int col) {
        return data.getAtIndex(FLOAT, (long) row * dim + col);
    }

    /** Copies row {@code row} into {@code dst[offset .. offset + dim)}. */
    public void copyRow(int row, float[] dst, int offset) {
        MemorySegment.copy(data, FLOAT, (long) row * dim * Float.BYTES, dst, offset, dim);
    }

    public float[] row(int row) {
        float[] out = new float[dim];
        copyRow(row, out, 0);
        return out;
    }

    /** A heap copy of the whole matrix, row-major. */
    public float[] toArray() {
        return data.toArray(FLOAT);
    }

    @Override
    public String toString() {
        return "EmbeddingSpace[" + name + ", " + rows + " x " + dim + "]";
    }
}
