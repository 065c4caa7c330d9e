package io.privtune.cuda.backend;

import io.privtune.cuda.CudaDriver;
import io.privtune.cuda.KernelArguments;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/** Device-side timings of single kernels with CUDA events, data already resident: what bandwidth figures are made of. */
public final class KernelTimings {
    private static final int COPY_THREADS = 256;
    private static final int COPY_MAX_BLOCKS = 4096;

    private KernelTimings() {}

    /** Milliseconds per {@code privtune_opt3} launch on n x d resident rows (mean of {@code repeats} after one warm-up). */
    public static double opt3Milliseconds(CudaBackend backend, int n, int d, int repeats) {
        return timed(backend, n, d, repeats, (stream, h, c, delta) -> {
            CudaNoiseSolver.launchOpt3(backend.kernels(), stream, h, c, delta, n, d, 0f, 1f);
        });
    }

    /**
     * Milliseconds per {@code privtune_copy} of n x d floats (reads and writes 8 bytes per float): the bandwidth a
     * plain copy reaches on this GPU, against which OPT-3's is judged. n x d must be a multiple of 4.
     */
    public static double copyMilliseconds(CudaBackend backend, int n, int d, int repeats) {
        return timed(backend, n, d, repeats, (stream, h, c, out) -> launchCopy(backend, stream, h, out, (long) n * d));
    }

    /**
     * Milliseconds of {@code repeats} back-to-back {@code privtune_topk_rows} launches over resident scores (count x
     * vocab, row-major), each row keeping its best k: the graph's selection step without its GEMM.
     */
    public static double topkMilliseconds(CudaBackend backend, long scores, int count, int vocab, int k, int repeats) {
        synchronized (backend) {
            backend.device().makeCurrent();
            long ids = CudaDriver.cuMemAlloc((long) count * k * 4), sims = CudaDriver.cuMemAlloc((long) count * k * 4);
            try {
                return eventMilliseconds(backend, stream -> {
                    for (int r = 0; r < repeats; r++) {
                        CudaCosineIndex.launchTopk(backend, stream, scores, count, vocab, k, 0, ids, sims);
                    }
                });
            } finally {
                CudaDriver.cuMemFree(ids);
                CudaDriver.cuMemFree(sims);
            }
        }
    }

    /** Queues {@code privtune_copy} of {@code floats} floats (a multiple of 4) from {@code in} to {@code out}. */
    static void launchCopy(CudaBackend backend, MemorySegment stream, long in, long out, long floats) {
        if (floats % 4 != 0) {
            throw new IllegalArgumentException(
                    "the copy moves float4s: the float count must be a multiple of 4, found " + floats);
        }
        long vectors = floats / 4;
        int blocks = (int) Math.max(1, Math.min(COPY_MAX_BLOCKS, (vectors + COPY_THREADS - 1) / COPY_THREADS));
        try (Arena arena = Arena.ofConfined()) {
            KernelArguments args =
                    new KernelArguments(arena, 3).pointer(in).i64(vectors).pointer(out);
            CudaDriver.cuLaunchKernel(
                    backend.kernels().function("privtune_copy"),
                    blocks,
                    1,
                    1,
                    COPY_THREADS,
                    1,
                    1,
                    0,
                    stream,
                    args.array());
        }
    }

    private interface Launch {
        void on(MemorySegment stream, long first, long second, long out);
    }

    private static double timed(CudaBackend backend, int n, int d, int repeats, Launch launch) {
        synchronized (backend) {
            backend.device().makeCurrent();
            MemorySegment stream = backend.device().stream();
            long bytes = (long) n * d * 4;
            long first = CudaDriver.cuMemAlloc(bytes),
                    second = CudaDriver.cuMemAlloc(bytes),
                    out = CudaDriver.cuMemAlloc(bytes);
            try {
                CudaDriver.cuMemsetD32Async(first, Float.floatToIntBits(1f), (long) n * d, stream);
                CudaDriver.cuMemsetD32Async(second, Float.floatToIntBits(2f), (long) n * d, stream);
                launch.on(stream, first, second, out); // warm-up
                return eventMilliseconds(backend, s -> {
                            for (int r = 0; r < repeats; r++) {
                                launch.on(s, first, second, out);
                            }
                        })
                        / repeats;
            } finally {
                CudaDriver.cuMemFree(first);
                CudaDriver.cuMemFree(second);
                CudaDriver.cuMemFree(out);
            }
        }
    }

    /** Milliseconds between two events around what {@code work} queues on the backend's stream (lock held, context current). */
    private static double eventMilliseconds(CudaBackend backend, Consumer<MemorySegment> work) {
        MemorySegment stream = backend.device().stream();
        MemorySegment start = CudaDriver.cuEventCreate(CudaDriver.CU_EVENT_DEFAULT);
        MemorySegment end = CudaDriver.cuEventCreate(CudaDriver.CU_EVENT_DEFAULT);
        try {
            CudaDriver.cuEventRecord(start, stream);
            work.accept(stream);
            CudaDriver.cuEventRecord(end, stream);
            CudaDriver.cuEventSynchronize(end);
            return CudaDriver.cuEventElapsedTime(start, end);
        } finally {
            CudaDriver.cuEventDestroy(start);
            CudaDriver.cuEventDestroy(end);
        }
    }
}
