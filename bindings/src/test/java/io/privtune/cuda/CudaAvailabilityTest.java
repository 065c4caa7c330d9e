package io.privtune.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Without a driver the bindings give one clear answer; with one, the basic calls work. Runs everywhere. */
class CudaAvailabilityTest {
    @Test
    void driverIsEitherUsableOrExplainsWhyNot() {
        if (CudaDriver.isAvailable()) {
            CudaDriver.cuInit(0);
            assertTrue(CudaDriver.cuDriverGetVersion() >= 12000, "driver version " + CudaDriver.cuDriverGetVersion());
            assertTrue(CudaDriver.cuDeviceGetCount() >= 0);
        } else {
            String reason = CudaDriver.unavailableReason();
            assertTrue(reason.contains("libcuda.so.1"), reason);
            CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> CudaDriver.cuInit(0));
            assertTrue(
                    e.getMessage().startsWith("CUDA unavailable: ")
                            && e.getMessage().contains("libcuda.so.1"),
                    e.getMessage());
            assertThrows(
                    CudaUnavailableException.class, () -> CudaDriver.cuMemAlloc(16), "every call, not only the first");
        }
    }

    @Test
    void cublasIsEitherUsableOrExplainsWhyNot() {
        if (!Cublas.isAvailable()) {
            String reason = Cublas.unavailableReason();
            assertTrue(reason.contains("libcublas.so.13") && reason.contains("libcublas.so.12"), reason);
            CudaUnavailableException e = assertThrows(CudaUnavailableException.class, Cublas::cublasCreate);
            assertTrue(e.getMessage().startsWith("CUDA unavailable: cuBLAS not found"), e.getMessage());
        } else {
            assertTrue(Cublas.loadedFrom() != null);
        }
    }

    @Test
    void aConfiguredCublasPathIsTriedFirst() {
        String before = System.getProperty("privtune.cublas");
        System.setProperty("privtune.cublas", "/opt/somewhere/libcublas.so.13");
        try {
            assertEquals("/opt/somewhere/libcublas.so.13", Cublas.candidates().get(0));
        } finally {
            if (before == null) {
                System.clearProperty("privtune.cublas");
            } else {
                System.setProperty("privtune.cublas", before);
            }
        }
    }

    @Test
    void errorsNameTheCallAndTheStatus() {
        CudaException e =
                new CudaException("cuMemAlloc_v2(1024 bytes)", 2, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory");
        assertEquals("cuMemAlloc_v2(1024 bytes) failed: CUDA_ERROR_OUT_OF_MEMORY (2): out of memory", e.getMessage());
        assertEquals(2, e.status());
    }
}
