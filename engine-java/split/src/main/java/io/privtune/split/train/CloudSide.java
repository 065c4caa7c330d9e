package io.privtune.split.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.model.TopModel;

/**
 * What runs in the cloud for each batch: the top model on the uploaded representations, cross-entropy
 * against the labels, backward, and an AdamW update. It sees uploads, masks and labels, nothing else.
 */
public final class CloudSide {
    private final TopModel top;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;

    public CloudSide(TopModel top, AdamW optimizer, LearningRateSchedule schedule) {
        this.top = top;
        this.optimizer = optimizer;
        this.schedule = schedule;
    }

    public TopModel top() {
        return top;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    /** One optimiser step on an uploaded batch; returns its loss. The update runs outside grad mode. */
    public double trainStep(DeviceSide.Upload upload, PaddedBatch batch, int[] labels) {
        requireLabels(labels);
        double value;
        try (NDManager scope = NDManager.newBaseManager("PyTorch")) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = top.logits(scope, upload.representations(), batch, true);
                NDArray loss = crossEntropy(logits, scope.create(labels));
                collector.backward(loss);
                value = loss.getFloat();
            }
        }
        if (!Double.isFinite(value)) {
            throw new IllegalStateException("training diverged: loss is " + value + " at step " + (optimizer.step() + 1)
                    + "; lower the learning rate");
        }
        optimizer.update(schedule.at(optimizer.step() + 1));
        return value;
    }

    /** Predicted classes and the summed loss of an uploaded batch, without training. */
    public long[] predict(DeviceSide.Upload upload, PaddedBatch batch, int[] labels, double[] lossSum) {
        requireLabels(labels);
        try (NDManager scope = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = top.logits(scope, upload.representations(), batch, false);
            lossSum[0] += crossEntropy(logits, scope.create(labels)).getFloat() * labels.length;
            return logits.argMax(1).toLongArray();
        }
    }

    /** A label outside the head would one-hot to zeros and train on nothing: refused by index. */
    private void requireLabels(int[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= top.classes()) {
                throw new IllegalArgumentException("labels[" + i + "] is " + labels[i] + "; the top model's head has "
                        + top.classes() + " classes (expected 0.." + (top.classes() - 1) + ")");
            }
        }
    }

    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return logits.logSoftmax(1)
                .mul(labels.oneHot((int) logits.getShape().get(1)))
                .sum(new int[] {1})
                .mean()
                .neg();
    }
}
