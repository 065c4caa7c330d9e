package io.privtune.core.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/** One named tensor of a safetensors file: its type, shape, and a view of its little-endian bytes. */
public record Tensor(String name, DType dtype, long[] shape, MemorySegment bytes) {
    static final ValueLayout.OfFloat F32_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    public long elementCount() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    public float[] toFloatArray() {
        requireType(DType.F32);
        return bytes.toArray(F32_LE);
    }

    public int[] toIntArray() {
        requireType(DType.I32);
        return bytes.toArray(I32_LE);
    }

    public long[] toLongArray() {
        requireType(DType.I64);
        return bytes.toArray(I64_LE);
    }

    /** Fails with a message naming this tensor unless its shape equals {@code expected}. */
    public Tensor requireShape(String file, long... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new SafetensorsException(
                    file,
                    "tensor '" + name + "' has shape " + Arrays.toString(shape) + ", expected "
                            + Arrays.toString(expected));
        }
        return this;
    }

    private void requireType(DType expected) {
        if (dtype != expected) {
            throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not " + expected);
        }
    }
}
