package io.privtune.cuda;

import java.lang.foreign.MemorySegment;

/**
 * One GPU with its primary context and a non-blocking stream: what a backend holds for its lifetime.
 * The context is made current on whichever thread calls {@link #makeCurrent()} (driver contexts are
 * per thread); the caller does that before each batch of work.
 */
public final class CudaDevice implements AutoCloseable {
    private final int ordinal;
    private final int device;
    private final MemorySegment context;
    private final MemorySegment stream;
    private boolean closed;

    private CudaDevice(int ordinal, int device, MemorySegment context, MemorySegment stream) {
        this.ordinal = ordinal;
        this.device = device;
        this.context = context;
        this.stream = stream;
    }

    /** Opens GPU {@code ordinal}; {@link CudaUnavailableException} when there is no driver or no such GPU. */
    public static CudaDevice open(int ordinal) {
        CudaDriver.cuInit(0);
        int count = CudaDriver.cuDeviceGetCount();
        if (ordinal < 0 || ordinal >= count) {
            throw new CudaUnavailableException("no CUDA device " + ordinal + " (the driver reports " + count + ")");
        }
        int device = CudaDriver.cuDeviceGet(ordinal);
        MemorySegment context = CudaDriver.cuDevicePrimaryCtxRetain(device);
        CudaDriver.cuCtxSetCurrent(context);
        MemorySegment stream = CudaDriver.cuStreamCreate(CudaDriver.CU_STREAM_NON_BLOCKING);
        return new CudaDevice(ordinal, device, context, stream);
    }

    public void makeCurrent() {
        if (closed) {
            throw new IllegalStateException("CUDA device " + ordinal + " is closed");
        }
        CudaDriver.cuCtxSetCurrent(context);
    }

    public MemorySegment stream() {
        return stream;
    }

    public void synchronize() {
        CudaDriver.cuStreamSynchronize(stream);
    }

    public String name() {
        return CudaDriver.cuDeviceGetName(device);
    }

    public String computeCapability() {
        return CudaDriver.cuDeviceGetAttribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device) + "."
                + CudaDriver.cuDeviceGetAttribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
    }

    public long totalMemoryBytes() {
        return CudaDriver.cuDeviceTotalMem(device);
    }

    public int multiprocessors() {
        return CudaDriver.cuDeviceGetAttribute(CudaDriver.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device);
    }

    /** Theoretical DRAM bandwidth, 2 transfers per memory clock x bus width: the yardstick for streaming kernels. */
    public double peakBandwidthBytesPerSecond() {
        double clockHz =
                CudaDriver.cuDeviceGetAttribute(CudaDriver.CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE, device) * 1000.0;
        double busBytes =
                CudaDriver.cuDeviceGetAttribute(CudaDriver.CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH, device) / 8.0;
        return 2 * clockHz * busBytes;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CudaDriver.cuCtxSetCurrent(context);
            CudaDriver.cuStreamDestroy(stream);
            CudaDriver.cuDevicePrimaryCtxRelease(device);
        }
    }
}
