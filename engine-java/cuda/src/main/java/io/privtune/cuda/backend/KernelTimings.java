package io.privtune.cuda.backend;

import io.privtune.cuda.CudaDriver;
import io.privtune.cuda.KernelArguments;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Device-side timings of single kernels with CUDA events, data already resident: what bandwidth figures are made of. */
public final class KernelTimings {
    private KernelTimings() { }

    /** Milliseconds per {@code privtune_opt3} launch on n x d resident rows (mean of {@code repeats} after one warm-up). */
    public static double opt3Milliseconds(CudaBackend backend, int n, int d, int repeats) {
        synchronized (backend) {
            backend.device().makeCurrent();
            MemorySegment stream = backend.device().stream();
            long bytes = (long) n * d * 4;
            long h = CudaDriver.cuMemAlloc(bytes), c = CudaDriver.cuMemAlloc(bytes), delta = CudaDriver.cuMemAlloc(bytes);
            MemorySegment start = CudaDriver.cuEventCreate(CudaDriver.CU_EVENT_DEFAULT);
            MemorySegment end = CudaDriver.cuEventCreate(CudaDriver.CU_EVENT_DEFAULT);
            try (Arena arena = Arena.ofConfined()) {
                CudaDriver.cuMemsetD32Async(h, Float.floatToIntBits(1f), (long) n * d, stream);
                CudaDriver.cuMemsetD32Async(c, Float.floatToIntBits(2f), (long) n * d, stream);
                MemorySegment args = new KernelArguments(arena, 7).pointer(h).pointer(c).i32(n).i32(d).f32(1f).f32(1f).pointer(delta).array();
                MemorySegment function = backend.kernels().function("privtune_opt3");
                int blocks = (n + 7) / 8;
                CudaDriver.cuLaunchKernel(function, blocks, 1, 1, 256, 1, 1, 0, stream, args);
                CudaDriver.cuEventRecord(start, stream);
                for (int r = 0; r < repeats; r++) {
                    CudaDriver.cuLaunchKernel(function, blocks, 1, 1, 256, 1, 1, 0, stream, args);
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
