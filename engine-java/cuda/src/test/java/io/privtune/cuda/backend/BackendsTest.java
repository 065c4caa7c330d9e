package io.privtune.cuda.backend;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.backend.CpuBackend;
import io.privtune.core.testing.LogCapture;
import io.privtune.cuda.CudaDriver;
import io.privtune.cuda.CudaUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsTest {
    @Test
    void cpuIsAlwaysThere() {
        assertSame(CpuBackend.INSTANCE, Backends.select("cpu"));
    }

    @Test
    void withoutCudaAutoFallsBackAndCudaRefusesClearly() {
        org.junit.jupiter.api.Assumptions.assumeFalse(CudaDriver.isAvailable(), "this machine has a CUDA driver");
        ComputeBackend auto;
        List<String> log;
        try (LogCapture capture = LogCapture.privtune()) {
            auto = Backends.select("auto");
            log = capture.messages();
        }
        assertSame(CpuBackend.INSTANCE, auto);
        assertTrue(
                log.size() == 1
                        && log.get(0).startsWith("CUDA unavailable: ")
                        && log.get(0).endsWith("using the CPU backend"),
                log.toString());
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> Backends.select("cuda"));
        assertTrue(e.getMessage().startsWith("CUDA unavailable: "), e.getMessage());
    }

    @Test
    void withCudaAutoPicksTheGpuAndSharesItWithEveryCaller() {
        org.junit.jupiter.api.Assumptions.assumeTrue(CudaDriver.isAvailable(), "no CUDA driver here");
        ComputeBackend auto;
        List<String> log;
        try (LogCapture capture = LogCapture.privtune()) {
            auto = Backends.select("auto");
            log = capture.messages();
        }
        assertTrue(auto instanceof CudaBackend, auto.name());
        assertTrue(log.isEmpty(), "no fallback to report: " + log);
        assertSame(auto, Backends.select("cuda"), "one backend per process");
    }

    @Test
    void unknownChoiceNamesTheOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("tpu"));
        assertTrue(
                e.getMessage().contains("auto, cpu or cuda") && e.getMessage().contains("tpu"), e.getMessage());
    }

    @Test
    void thisBuildCarriesKernelsWhenNvccWasPresent() {
        boolean nvcc = new java.io.File("/usr/local/bin/nvcc").canExecute()
                || new java.io.File("/usr/local/cuda/bin/nvcc").canExecute();
        org.junit.jupiter.api.Assumptions.assumeTrue(nvcc, "no nvcc on this machine");
        assertTrue(KernelModule.packaged(), "native/ built a fatbin and it is on the classpath");
    }
}
