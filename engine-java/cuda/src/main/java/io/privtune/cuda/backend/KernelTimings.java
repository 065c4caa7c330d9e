package io.privtune.cuda.backend;

import io.privtune.cuda.CudaDriver;
import java.lang.foreign.MemorySegment;

/** Device-side timings of single kernels with CUDA events, data already resident: what bandwidth figures are made of. */
public final class KernelTimings {
    private KernelTimings() {}

    /** Milliseconds per {@code privtune_opt3} launch on n x d resident rows (mean of {@code repeats} after one warm-up). */
    public static double opt3Milliseconds(CudaBackend backend, int n, int d, int repeats) {
        synchronized (backend) {
            backend.device().makeCurrent();
            MemorySegment stream = backend.device().stream();
            long bytes = (long) n * d * 4;
            long h = CudaDriver.cuMemAlloc(bytes),
                    c = CudaDriver.cuMemAlloc(bytes),
                    delta = CudaDriver.cuMemAlloc(bytes);
            MemorySegment start = CudaDriver.cuEventCreate(CudaDriver.CU_EVENT_DEFAULT);
            MemorySegment end = CudaDriver.cuEventCreate(CudaDriver.CU_EVENT_DEFAULT);
            try {
                CudaDriver.cuMemsetD32Async(h, Float.floatToIntBits(1f), (long) n * d, stream);
                CudaDriver.cuMemsetD32Async(c, Float.floatToIntBits(2f), (long) n * d, stream);
                CudaNoiseSolver.launchOpt3(backend.kernels(), stream, h, c, delta, n, d, 0f, 1f); // warm-up
                CudaDriver.cuEventRecord(start, stream);
                for (int r = 0; r < repeats; r++) {
                    CudaNoiseSolver.launchOpt3(backend.kernels(), stream, h, c, delta, n, d, 0f, 1f);
                }
                CudaDriver.cuEventRecord(end, stream);
                CudaDriver.cuEventSynchronize(end);
                return CudaDriver.cuEventElapsedTime(start, end) / repeats;
            } finally {
                CudaDriver.cuEventDestroy(start);
                CudaDriver.cuEventDestroy(end);
                CudaDriver.cuMemFree(h);
                CudaDriver.cuMemFree(c);
                CudaDriver.cuMemFree(delta);
            }
        }
    }
}
