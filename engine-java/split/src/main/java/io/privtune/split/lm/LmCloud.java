package io.privtune.split.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.privtune.split.model.llama.DecoderMiddle;
import io.privtune.split.train.AdamW;
import io.privtune.split.train.LearningRateSchedule;

/**
 * The cloud's side of U-shaped causal-LM fine-tuning: its blocks on the device's upload, then, when the device's
 * gradient for that output arrives, backward and an AdamW step. It sees uploads and gradients, nothing else.
 */
public final class LmCloud implements AutoCloseable {
    private final DecoderMiddle middle;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
    private NDManager pending;
    private NDArray pendingOutput;

    public LmCloud(DecoderMiddle middle, float weightDecay, LearningRateSchedule schedule) {
        this.middle = middle;
        this.optimizer = new AdamW(middle.parameters(), weightDecay);
        this.schedule = schedule;
    }

    /** The forward pass of a training step; its graph is kept until {@link #backward} brings the gradient. */
    public float[] forward(LmUpload upload) {
        if (pending != null) {
            throw new IllegalStateException("a training step's forward pass is still waiting for its gradient");
        }
        pending = NDManager.newBaseManager("PyTorch");
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            pendingOutput = middle.forward(pending, upload.representations(), upload.windows(), upload.length());
            return pendingOutput.toFloatArray();
        } catch (RuntimeException e) {
            pending.close(); // a failed forward leaves nothing pending, or every later step would be refused
            pending = null;
            pendingOutput = null;
            throw e;
        }
    }

    /** Back-propagates the device's gradient for the last forward output and takes one optimiser step. */
    public void backward(float[] gradient) {
        accumulate(gradient);
        optimizer.update(schedule.at(optimizer.step() + 1));
    }

    /** The backward half of {@link #backward}: the gradients land on the parameters, nothing is updated. */
    void accumulate(float[] gradient) {
        if (pending == null) {
            throw new IllegalStateException("a gradient arrived without a forward pass to go with it");
        }
        try {
            if (gradient.length != pendingOutput.size()) {
                throw new IllegalArgumentException("the gradient holds " + gradient.length
                        + " floats, the forward output " + pendingOutput.size());
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray upstream = pending.create(gradient, pendingOutput.getShape());
                collector.backward(pendingOutput.mul(upstream).sum()); // d(z·g)/dθ = gᵀ dz/dθ
            }
        } finally {
            pending.close();
            pending = null;
            pendingOutput = null;
        }
    }

    /** The cloud's output for an upload, without training (evaluation, generation). */
    public float[] infer(LmUpload upload) {
        try (NDManager scope = NDManager.newBaseManager("PyTorch")) {
            return middle.forward(scope, upload.representations(), upload.windows(), upload.length())
                    .toFloatArray();
        }
    }

    public long steps() {
        return optimizer.step();
    }

    /** Forgets a forward pass still waiting for its gradient (a deployed session re-opened by its device). */
    public void dropPending() {
        if (pending != null) {
            pending.close();
            pending = null;
            pendingOutput = null;
        }
    }

    @Override
    public void close() {
        dropPending();
    }
}
