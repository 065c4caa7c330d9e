package io.privtune.cuda;

/** A CUDA driver or cuBLAS call returned an error status: names the call, the status and its meaning. */
public final class CudaException extends RuntimeException {
    private final String call;
    private final int status;

    public CudaException(String call, int status, String name, String description) {
        super(call + " failed: " + name + " (" + status + ")"
                + (description == null || description.isEmpty() ? "" : ": " + description));
        this.call = call;
        this.status = status;
    }

    public String call() {
        return call;
    }

    public int status() {
        return status;
    }
}
