package io.privtune.split.attack;

import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch on one intra-op thread for the duration of a test, then back. The attackers' unit tests train tiny models
 * whose every op is a parallel region: on a busy two-core machine the threads' barriers cost more than the arithmetic
 * (a 4 s test took 65 s under a load of 10), and one thread measures the same model.
 */
public final class OneTorchThread implements AutoCloseable {
    private final int before;

    public OneTorchThread() {
        ai.djl.engine.Engine.getEngine("PyTorch"); // loads the native library before JniUtils is used
        before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
    }

    @Override
    public void close() {
        JniUtils.setNumThreads(before);
    }
}
