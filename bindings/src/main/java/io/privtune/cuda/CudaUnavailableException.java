package io.privtune.cuda;

/** CUDA cannot be used on this machine: no driver library, no cuBLAS, no device, or no compiled kernels. */
public final class CudaUnavailableException extends RuntimeException {
    public CudaUnavailableException(String reason) {
        super("CUDA unavailable: " + reason);
    }
}
