package io.privtune.split.train;

import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's grad mode is per thread and starts enabled in every new thread; DJL switches it off only in
 * the thread that first loads the engine. Code that trains from other threads (the cloud's gRPC
 * handlers) switches it off first, so that optimiser updates may run in place and inference builds no graph.
 */
public final class GradMode {
    private GradMode() {}

    public static void off() {
        JniUtils.setGradMode(false);
    }
}
