package io.privtune.cuda.backend;

import io.privtune.cuda.CudaDriver;
import java.lang.foreign.MemorySegment;
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
    private MemorySegment sealed;

    StagedBatch(MemorySegment buffer, MemorySegment stream) {
        this.buffer = buffer;
        this.stream = stream;
    }

    /** Staging bytes a transfer of {@code bytes} takes, with its alignment padding: sum these for {@link PinnedStaging#batch}. */
    static long bytes(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    StagedBatch upload(float[] values, int from, int count, long device) {
        return upload(MemorySegment.ofArray(values).asSlice(from * 4L, count * 4L), device);
    }

    StagedBatch upload(int[] values, int from, int count, long device) {
        return upload(MemorySegment.ofArray(values).asSlice(from * 4L, count * 4L), device);
    }

    StagedBatch upload(long[] values, long device) {
        return upload(MemorySegment.ofArray(values), device);
    }

    StagedBatch upload(byte[] values, long device) {
        return upload(MemorySegment.ofArray(values), device);
    }

    /** Queues a copy of {@code count} floats from the device; {@code into} holds them after {@link #finish()}. */
    StagedBatch download(long device, float[] into, int to, int count) {
        return download(device, MemorySegment.ofArray(into).asSlice(to * 4L, count * 4L));
    }

    StagedBatch download(long device, int[] into, int to, int count) {
        return download(device, MemorySegment.ofArray(into).asSlice(to * 4L, count * 4L));
    }

    /** {@code source} (a Java array's bytes) into its region now, the region to the device when the stream gets there. */
    private StagedBatch upload(MemorySegment source, long device) {
        if (source.byteSize() > 0) {
            MemorySegment region = region(source.byteSize());
            region.copyFrom(source);
            CudaDriver.cuMemcpyHtoDAsync(device, region, region.byteSize(), stream);
        }
        return this;
    }

    private StagedBatch download(long device, MemorySegment target) {
        if (target.byteSize() > 0) {
            MemorySegment region = region(target.byteSize());
            CudaDriver.cuMemcpyDtoHAsync(region, device, region.byteSize(), stream);
            afterSync.add(() -> target.copyFrom(region));
        }
        return this;
    }

    /**
     * Marks the end of this batch's work on the stream with an event, so that {@link #finish()} waits for it
     * alone and not for work queued after it.
     */
    void seal() {
        if (sealed == null) {
            sealed = CudaDriver.cuEventCreate(CudaDriver.CU_EVENT_DEFAULT);
        }
        CudaDriver.cuEventRecord(sealed, stream);
    }

    /**
     * Waits for this batch's work (up to {@link #seal()}, or everything queued on the stream when it was not
     * sealed), then fills the download targets; the batch's regions are free for reuse afterwards.
     */
    void finish() {
        if (sealed != null) {
            CudaDriver.cuEventSynchronize(sealed);
            CudaDriver.cuEventDestroy(sealed);
            sealed = null;
        } else {
            CudaDriver.cuStreamSynchronize(stream);
        }
        afterSync.forEach(Runnable::run);
        afterSync.clear();
        used = 0;
    }

    /**
     * After a failure: waits for whatever this batch queued (or for the stream to fail), releases its event and
     * drops the pending copies into Java arrays, so the staging can be reused. Never throws: the caller is
     * already propagating the failure that matters.
     */
    void abandon() {
        try {
            CudaDriver.cuStreamSynchronize(stream);
        } catch (RuntimeException sticky) {
            // a sticky error: the context runs nothing more, so nothing more lands in the staging either
        }
        if (sealed != null) {
            try {
                CudaDriver.cuEventDestroy(sealed);
            } catch (RuntimeException alreadyFailed) {
                // the event dies with the context
            }
            sealed = null;
        }
        afterSync.clear();
        used = 0;
    }

    private MemorySegment region(long bytes) {
        long size = bytes(bytes);
        if (used + size > buffer.byteSize()) {
            throw new IllegalStateException("staging batch overflow: " + (used + size) + " bytes needed, "
                    + buffer.byteSize() + " reserved (a caller's byte count is wrong)");
        }
        MemorySegment region = buffer.asSlice(used, bytes);
        used += size;
        return region;
    }
}
