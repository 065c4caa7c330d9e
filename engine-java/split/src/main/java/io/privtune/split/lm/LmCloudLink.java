package io.privtune.split.lm;

/**
 * The cloud as the device's training loop reaches it: {@link LmCloud} in this process ({@link #local}), or a
 * deployed cloud across the wire (io.privtune.split.deploy.LmDeviceTrainer). Either way only uploads and
 * gradients go to it and only its output comes back.
 */
public interface LmCloudLink {
    /** The cloud's output for training batch {@code sequence}; the cloud keeps its graph until {@link #backward}. */
    float[] forward(long sequence, LmUpload upload);

    /** The device's gradient for batch {@code sequence}'s output: the cloud back-propagates it and takes one step. */
    void backward(long sequence, float[] gradient);

    /** The cloud's output for an upload, without training. */
    float[] infer(LmUpload upload);

    /** The optimiser steps the cloud has taken. */
    long steps();

    /** {@code cloud} in this process (the sequence numbers only matter across a wire). */
    static LmCloudLink local(LmCloud cloud) {
        return new LmCloudLink() {
            @Override
            public float[] forward(long sequence, LmUpload upload) {
                return cloud.forward(upload);
            }

            @Override
            public void backward(long sequence, float[] gradient) {
                cloud.backward(gradient);
            }

            @Override
            public float[] infer(LmUpload upload) {
                return cloud.infer(upload);
            }

            @Override
            public long steps() {
                return cloud.steps();
            }
        };
    }
}
