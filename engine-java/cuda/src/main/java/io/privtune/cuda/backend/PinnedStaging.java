package io.privtune.cuda.backend;

import io.privtune.cuda.CudaDriver;
import java.lang.foreign.MemorySegment;

/**
 * Page-locked host memory every transfer goes through (asynchronous copies need it, and it doubles the
 * PCIe rate of pageable memory). One buffer, grown on demand between batches, reused by every batch on
 * the stream; a batch's traffic is packed into it by {@link StagedBatch}.
 */
final class PinnedStaging implements AutoCloseable {
    private MemorySegment buffer = MemorySegment.NULL;

    /**
     * Starts a batch of transfers needing {@code bytes} of staging in all (sum of {@link StagedBatch#bytes}).
     * The caller holds the backend's lock and has made the context current; nothing else is in flight.
     */
    StagedBatch batch(MemorySegment stream, long bytes) {
        reserve(bytes);
        return new StagedBatch(buffer, stream);
    }

    /**
     * Two batches of {@code bytes} each over disjoint halves of the buffer, for a pipeline that queues one
     * while the host collects the other; each batch is reusable after its {@link StagedBatch#finish()}.
     */
    StagedBatch[] halves(MemorySegment stream, long bytes) {
        long half = StagedBatch.bytes(bytes);
        reserve(2 * half);
        return new StagedBatch[] {
            new StagedBatch(buffer.asSlice(0, half), stream), new StagedBatch(buffer.asSlice(half, half), stream)
        };
    }

    private void reserve(long bytes) {
        if (buffer.byteSize() < bytes) {
            free();
            buffer = CudaDriver.cuMemAllocHost(Math.max(bytes, buffer.byteSize() * 3 / 2));
        }
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
