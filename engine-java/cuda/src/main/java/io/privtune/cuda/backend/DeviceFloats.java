package io.privtune.cuda.backend;

import io.privtune.cuda.CudaDriver;

/** A device allocation of 32-bit elements (float or int); grows on demand and is reused across batches. */
final class DeviceFloats implements AutoCloseable {
    private long pointer;
    private long capacity;

    /** A device pointer with room for at least {@code elements} 4-byte values. */
    long ensure(long elements) {
        if (elements > capacity) {
            if (pointer != 0) {
                CudaDriver.cuMemFree(pointer);
            }
            long grown = Math.max(elements, capacity + capacity / 2);
            pointer = CudaDriver.cuMemAlloc(grown * 4);
            capacity = grown;
        }
        return pointer;
    }

    long pointer() {
        return pointer;
    }

    @Override
    public void close() {
        if (pointer != 0) {
            CudaDriver.cuMemFree(pointer);
            pointer = 0;
            capacity = 0;
        }
    }
}
