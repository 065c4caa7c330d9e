package io.privtune.cuda.backend;

import io.privtune.cuda.CudaDriver;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch's host-device traffic, packed into the pinned staging buffer: every input gets its own
 * region, so all uploads are queued at once behind each other and the kernels on the same stream;
 * downloads land in regions of their own and reach the Java arrays after the batch's single
 * synchronisation in {@link #finish()}. Regions start on 256-byte boundaries.
 */
final class StagedBatch {
    private static final long ALIGNMENT = 256;

    private final MemorySegment buffer;
    private final MemorySegment stream;
    private final List<Runnable> afterSync = new ArrayList<>();
    private long used;

    StagedBatch(MemorySegment buffer, MemorySegment stream) {
        this.buffer = buffer;
        this.stream = stream;
    }

    /** Staging bytes a transfer of {@code bytes} takes, with its alignment padding: sum these for {@link PinnedStaging#batch}. */
    static long bytes(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    StagedBatch upload(float[] values, int from, int count, long device) {
        if (count > 0) {
            MemorySegment region = region(count * 4L);
            MemorySegment.copy(values, from, region, ValueLayout.JAVA_FLOAT, 0, count);
            CudaDriver.cuMemcpyHtoDAsync(device, region, region.byteSize(), stream);
        }
        return this;
    }

    StagedBatch upload(int[] values, int from, int count, long device) {
        if (count > 0) {
            MemorySegment region = region(count * 4L);
            MemorySegment.copy(values, from, region, ValueLayout.JAVA_INT, 0, count);
            CudaDriver.cuMemcpyHtoDAsync(device, region, region.byteSize(), stream);
        }
        return this;
    }

    StagedBatch upload(byte[] values, long device) {
        if (values.length > 0) {
            MemorySegment region = region(values.length);
            MemorySegment.copy(values, 0, region, ValueLayout.JAVA_BYTE, 0, values.length);
            CudaDriver.cuMemcpyHtoDAsync(device, region, region.byteSize(), stream);
        }
        return this;
    }

    /** Queues a copy of {@code count} floats from the device; {@code into} holds them after {@link #finish()}. */
    StagedBatch download(long device, float[] into, int to, int count) {
        if (count > 0) {
            MemorySegment region = region(count * 4L);
            CudaDriver.cuMemcpyDtoHAsync(region, device, region.byteSize(), stream);
            afterSync.add(() -> MemorySegment.copy(region, ValueLayout.JAVA_FLOAT, 0, into, to, count));
        }
        return this;
    }

    StagedBatch download(long device, int[] into, int to, int count) {
        if (count > 0) {
            MemorySegment region = region(count * 4L);
            CudaDriver.cuMemcpyDtoHAsync(region, device, region.byteSize(), stream);
            afterSync.add(() -> MemorySegment.copy(region, ValueLayout.JAVA_INT, 0, into, to, count));
        }
        return this;
    }

    /** Waits for everything queued on the stream (uploads, kernels, downloads), then fills the download targets. */
    void finish() {
        CudaDriver.cuStreamSynchronize(stream);
        afterSync.forEach(Runnable::run);
        afterSync.clear();
    }

    private MemorySegment region(long bytes) {
        long size = bytes(bytes);
        if (used + size > buffer.byteSize()) {
            throw new IllegalStateException("staging batch overflow: " + (used + size) + " bytes needed, " + buffer.byteSize()
                    + " reserved (a caller's byte count is wrong)");
        }
        MemorySegment region = buffer.asSlice(used, bytes);
        used += size;
        return region;
    }
}
