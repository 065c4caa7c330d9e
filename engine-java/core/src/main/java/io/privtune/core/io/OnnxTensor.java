package io.privtune.core.io;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * An ONNX initializer: name, element type, dims and its little-endian float data (from raw_data or a
 * packed float_data field; both are unaligned views into the mapped model file).
 */
public record OnnxTensor(String name, int dataType, long[] dims, MemorySegment data) {
    /** ONNX TensorProto.DataType FLOAT. */
    public static final int FLOAT = 1;

    public static final java.lang.foreign.ValueLayout.OfFloat F32_LE =
            java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    public float[] toFloatArray() {
        if (dataType != FLOAT) {
            throw new IllegalStateException(
                    "ONNX tensor '" + name + "' has data type " + dataType + ", not float32 (1)");
        }
        return data.toArray(F32_LE);
    }
}
