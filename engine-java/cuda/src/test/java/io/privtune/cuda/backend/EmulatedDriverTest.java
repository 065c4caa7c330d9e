package io.privtune.cuda.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.cuda.Cublas;
import io.privtune.cuda.CudaDriver;
import io.privtune.cuda.CudaException;
import io.privtune.cuda.KernelArguments;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs in the emulated-gpu surefire execution, where native/'s CPU emulator stands in for libcuda and
 * cuBLAS: that the emulator is really what the parity tests ran on, and that the bindings turn the
 * refusals a GPU would give into exceptions naming the call and the status.
 */
class EmulatedDriverTest {
    private static CudaBackend backend;

    @BeforeAll
    static void open() {
        Assumptions.assumeTrue(Boolean.getBoolean("privtune.expect.emulator"), "only in the emulated-gpu execution");
        String library = System.getProperty("privtune.libcuda");
        Assumptions.assumeTrue(
                library != null && Files.isRegularFile(Path.of(library)),
                () -> "skipped: the emulator was not built (no g++ when native/ was built): " + library);
        backend = CudaBackend.open();
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void theParityTestsRunOnTheEmulatorAndItsCublas() {
        assertTrue(
                backend.device().name().contains("emulator"), backend.device().name());
        assertTrue(backend.name().contains("cuBLAS GEMM"), backend.name());
        assertEquals(System.getProperty("privtune.cublas"), Cublas.loadedFrom());
    }

    @Test
    void aLaunchWithMoreThan1024ThreadsIsRefusedWithTheDriversStatus() {
        backend.device().makeCurrent();
        long buffer = CudaDriver.cuMemAlloc(4 * 64);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment args = new KernelArguments(arena, 7)
                    .pointer(buffer)
                    .pointer(buffer)
                    .i32(1)
                    .i32(64)
                    .f32(1f)
                    .f32(1f)
                    .pointer(buffer)
                    .array();
            CudaException e = assertThrows(
                    CudaException.class,
                    () -> CudaDriver.cuLaunchKernel(
                            backend.kernels().function("privtune_opt3"),
                            1,
                            1,
                            1,
                            2048,
                            1,
                            1,
                            0,
                            backend.device().stream(),
                            args));
            assertEquals("cuLaunchKernel", e.call());
            assertTrue(
                    e.getMessage().contains("CUDA_ERROR_INVALID_VALUE (1): invalid argument")
                            && e.getMessage().contains("more than 1024 threads"),
                    "the driver's text and the emulator's reason: " + e.getMessage());
        } finally {
            CudaDriver.cuMemFree(buffer);
        }
    }

    @Test
    void aCopyPastTheEndOfAnAllocationIsRefused() {
        backend.device().makeCurrent();
        long buffer = CudaDriver.cuMemAlloc(256);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(512);
            CudaException e = assertThrows(CudaException.class, () -> CudaDriver.cuMemcpyHtoD(buffer, host, 512));
            assertTrue(
                    e.getMessage().startsWith("cuMemcpyHtoD_v2 failed: CUDA_ERROR_INVALID_VALUE")
                            && e.getMessage().contains("not inside one allocation"),
                    e.getMessage());
        } finally {
            CudaDriver.cuMemFree(buffer);
        }
    }

    @Test
    void aGemmWhoseLeadingDimensionIsTooSmallIsRefusedWithCublasStatus() {
        backend.device().makeCurrent();
        long matrix = CudaDriver.cuMemAlloc(4 * 16 * 16);
        try {
            CudaException e = assertThrows(
                    CudaException.class,
                    () -> Cublas.cublasGemmEx(
                            backend.cublas(),
                            Cublas.CUBLAS_OP_N,
                            Cublas.CUBLAS_OP_N,
                            16,
                            16,
                            16,
                            1f,
                            matrix,
                            8,
                            matrix,
                            16,
                            0f,
                            matrix,
                            16,
                            Cublas.CUBLAS_COMPUTE_32F));
            assertTrue(
                    e.getMessage().startsWith("cublasGemmEx failed: CUBLAS_STATUS_INVALID_VALUE (7)")
                            && e.getMessage().contains("leading dimension"),
                    e.getMessage());
        } finally {
            CudaDriver.cuMemFree(matrix);
        }
    }

    @Test
    void anEventWaitsOnlyForTheWorkQueuedBeforeIt() {
        // what lets the kNN graph collect chunk c - 1 while chunk c is still queued: on a GPU the later work
        // may still be running; the emulator keeps it queued, so a host that read its results early would see it
        backend.device().makeCurrent();
        MemorySegment stream = backend.device().stream();
        long device = CudaDriver.cuMemAlloc(4 * 256);
        MemorySegment before = CudaDriver.cuMemAllocHost(4 * 256), after = CudaDriver.cuMemAllocHost(4 * 256);
        MemorySegment event = CudaDriver.cuEventCreate(CudaDriver.CU_EVENT_DEFAULT);
        try {
            after.fill((byte) 0);
            CudaDriver.cuMemsetD32Async(device, Float.floatToIntBits(1f), 256, stream);
            CudaDriver.cuMemcpyDtoHAsync(before, device, 4 * 256, stream);
            CudaDriver.cuEventRecord(event, stream);
            CudaDriver.cuMemsetD32Async(device, Float.floatToIntBits(2f), 256, stream);
            CudaDriver.cuMemcpyDtoHAsync(after, device, 4 * 256, stream);
            CudaDriver.cuEventSynchronize(event);
            assertEquals(1f, before.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, 255));
            assertEquals(
                    0f, after.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, 255), "later work still queued");
            CudaDriver.cuStreamSynchronize(stream);
            assertEquals(2f, after.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, 255));
        } finally {
            CudaDriver.cuEventDestroy(event);
            CudaDriver.cuMemFreeHost(before);
            CudaDriver.cuMemFreeHost(after);
            CudaDriver.cuMemFree(device);
        }
    }

    @Test
    void anUnknownKernelNameIsNotFound() {
        backend.device().makeCurrent();
        CudaException e =
                assertThrows(CudaException.class, () -> backend.kernels().function("privtune_no_such_kernel"));
        assertTrue(e.getMessage().contains("CUDA_ERROR_NOT_FOUND (500)"), e.getMessage());
    }
}
