package io.privtune.cuda.backend;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.backend.CpuBackend;
import io.privtune.cuda.CudaUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code --backend auto|cpu|cuda}: auto takes the GPU when CUDA is usable and says why not otherwise. */
public final class Backends {
    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    private static CudaBackend cuda;

    private Backends() {}

    public static ComputeBackend select(String choice) {
        return switch (choice) {
            case "cpu" -> CpuBackend.INSTANCE;
            case "cuda" -> openCuda();
            case "auto" -> {
                try {
                    yield openCuda();
                } catch (CudaUnavailableException e) {
                    LOG.info(e.getMessage() + "; using the CPU backend");
                    yield CpuBackend.INSTANCE;
                }
            }
            default -> throw new IllegalArgumentException("backend must be auto, cpu or cuda, found '" + choice + "'");
        };
    }

    /** One backend per process: the GPU, its context and its kernels are shared by every caller. */
    private static synchronized CudaBackend openCuda() {
        if (cuda == null) {
            cuda = CudaBackend.open();
        }
        return cuda;
    }
}
