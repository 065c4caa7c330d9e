package io.privtune.cuda.backend;

import io.privtune.cuda.CudaDriver;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Page-locked host memory every transfer goes through (asynchronous copies need it, and it doubles the
 * PCIe rate of pageable memory). One buffer, grown on demand, reused by every batch on the stream.
 */
final class PinnedStaging implements AutoCloseable {
    private MemorySegment buffer = MemorySegment.NULL;

    MemorySegment ensure(long bytes) {
        if (buffer.byteSize() < bytes) {
            free();
            buffer = CudaDriver.cuMemAllocHost(Math.max(bytes, buffer.byteSize() * 3 / 2));
        }
        return buffer;
    }

    void upload(float[] values, int from, int count, long device, MemorySegment stream) {
        MemorySegment staging = ensure(count * 4L);
        MemorySegment.copy(values, from, staging, ValueLayout.JAVA_FLOAT, 0, count);
        CudaDriver.cuMemcpyHtoDAsync(device, staging, count * 4L, stream);
        CudaDriver.cuStreamSynchronize(stream); // the staging buffer is reused by the next copy
    }

    void upload(int[] values, int from, int count, long device, MemorySegment stream) {
        MemorySegment staging = ensure(count * 4L);
        MemorySegment.copy(values, from, staging, ValueLayout.JAVA_INT, 0, count);
        CudaDriver.cuMemcpyHtoDAsync(device, staging, count * 4L, stream);
        CudaDriver.cuStreamSynchronize(stream);
    }

    void uploadBytes(byte[] values, long device, MemorySegment stream) {
        MemorySegment staging = ensure(values.length);
        MemorySegment.copy(values, 0, staging, ValueLayout.JAVA_BYTE, 0, values.length);
        CudaDriver.cuMemcpyHtoDAsync(device, staging, values.length, stream);
        CudaDriver.cuStreamSynchronize(stream);
    }

    void download(long device, float[] into, int to, int count, MemorySegment stream) {
        MemorySegment staging = ensure(count * 4L);
        CudaDriver.cuMemcpyDtoHAsync(staging, device, count * 4L, stream);
        CudaDriver.cuStreamSynchronize(stream);
        MemorySegment.copy(staging, ValueLayout.JAVA_FLOAT, 0, into, to, count);
    }

    void download(long device, int[] into, int to, int count, MemorySegment stream) {
        MemorySegment staging = ensure(count * 4L);
        CudaDriver.cuMemcpyDtoHAsync(staging, device, count * 4L, stream);
        CudaDriver.cuStreamSynchronize(stream);
        MemorySegment.copy(staging, ValueLayout.JAVA_INT, 0, into, to, count);
    }

    private void free() {
        if (!buffer.equals(MemorySegment.NULL)) {
            CudaDriver.cuMemFreeHost(buffer);
            buffer = MemorySegment.NULL;
        }
    }

    @Override
    public void close() {
        free();
    }
}
