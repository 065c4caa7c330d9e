package io.privtune.core.random;

/**
 * Separate random streams per purpose, so that e.g. changing the target mode never changes the noise
 * radius a token gets. The ordinal is the third Philox counter word: never reorder these.
 */
public enum DrawPurpose {
    DIRECTION,
    RADIUS,
    TARGET,
    GAUSSIAN_NOISE
}
