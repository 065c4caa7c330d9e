package io.privtune.core.random;

/**
 * Separate random streams per purpose, so that e.g. changing the target mode never changes the noise
 * radius a token gets. Each purpose has its own ChaCha20 key, derived from the noise key with HKDF under
 * the label {@code privtune/v1/<name>}: never rename these (the CUDA kernels receive the derived keys).
 */
public enum DrawPurpose {
    DIRECTION,
    RADIUS,
    TARGET,
    GAUSSIAN_NOISE,
    /** The order of training examples in each epoch: nothing public may order or link the uploads. */
    BATCH_ORDER,
    /** The Gaussian noise a decoder's device adds to the gradients it returns to the cloud. */
    GRADIENT_NOISE
}
