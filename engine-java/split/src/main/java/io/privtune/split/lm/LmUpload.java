package io.privtune.split.lm;

/**
 * What the device sends the cloud for a batch of windows: perturbed representations, windows x length x dim,
 * row-major. Never a token id.
 */
public record LmUpload(float[] representations, int windows, int length) {
    public LmUpload {
        if (windows <= 0 || length <= 0 || representations.length % ((long) windows * length) != 0) {
            throw new IllegalArgumentException("an upload of " + windows + " windows x " + length
                    + " tokens cannot hold " + representations.length + " floats");
        }
    }
}
