package io.privtune.split.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.model.TopModel;

/**
 * What runs in the cloud for each batch: the top model on the uploaded representations, cross-entropy
 * against the labels (or, for extractive QA, the gold start and end positions), backward, and an AdamW update.
 * It sees uploads, masks and labels, nothing else.
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

    /**
     * Seeds the engine for the dropout of step {@code step} from (seed, step) alone, so a resumed run, or another
     * task's tuner, draws the same masks at the same step. Called before each training step.
     */
    public static void seedDropout(long seed, long step) {
        Engine.getInstance().setRandomSeed((int) (seed * 1_000_003L + step));
    }

    /** One optimiser step on an uploaded batch; returns its loss. The update runs outside grad mode. */
    public double trainStep(DeviceSide.Upload upload, PaddedBatch batch, int[] labels) {
        requireLabels(labels);
        return step(
                scope -> crossEntropy(top.logits(scope, upload.representations(), batch, true), scope.create(labels)));
    }

    /**
     * One optimiser step of extractive QA: the mean of the start and end positions' cross-entropy over each row's
     * real positions (padding can never be the answer). {@code starts[i]}/{@code ends[i]}: row i's gold positions.
     */
    public double trainSpanStep(DeviceSide.Upload upload, PaddedBatch batch, int[] starts, int[] ends) {
        requirePositions(batch, starts, "start");
        requirePositions(batch, ends, "end");
        return step(scope -> {
            NDArray logits = maskedPositionLogits(scope, upload, batch, true);
            return crossEntropy(logits.get(":, :, 0"), scope.create(starts))
                    .add(crossEntropy(logits.get(":, :, 1"), scope.create(ends)))
                    .mul(scope.create(0.5f)); // an array of the graph's manager: DJL frees a Number operand at once
        });
    }

    /** Start and end logits of an uploaded batch, without training: [B][L] each, padding at -10000 below. */
    public float[][][] spanLogits(DeviceSide.Upload upload, PaddedBatch batch) {
        try (NDManager scope = NDManager.newBaseManager("PyTorch")) {
            float[] flat = maskedPositionLogits(scope, upload, batch, false).toFloatArray();
            int b = batch.batch();
            int length = batch.length();
            float[][][] out = new float[2][b][length];
            for (int i = 0; i < b; i++) {
                for (int p = 0; p < length; p++) {
                    out[0][i][p] = flat[(i * length + p) * 2];
                    out[1][i][p] = flat[(i * length + p) * 2 + 1];
                }
            }
            return out;
        }
    }

    private NDArray maskedPositionLogits(
            NDManager scope, DeviceSide.Upload upload, PaddedBatch batch, boolean training) {
        if (top.classes() != 2) {
            throw new IllegalStateException(
                    "a span head has 2 outputs (start, end); this top model has " + top.classes());
        }
        NDArray mask = batch.maskArray(scope).expandDims(2);
        return top.positionLogits(scope, upload.representations(), batch, training)
                .add(mask.neg().add(1f).mul(-10000f));
    }

    /** Runs {@code lossOf} under a gradient collector, backpropagates, and applies one AdamW update. */
    private double step(java.util.function.Function<NDManager, NDArray> lossOf) {
        double value;
        try (NDManager scope = NDManager.newBaseManager("PyTorch")) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = lossOf.apply(scope);
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

    /** A gold position outside a row's real tokens would train on padding: refused by row. */
    private static void requirePositions(PaddedBatch batch, int[] positions, String what) {
        if (positions.length != batch.batch()) {
            throw new IllegalArgumentException(
                    positions.length + " " + what + " positions for a batch of " + batch.batch() + " rows");
        }
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] < 0 || positions[i] >= batch.realLength(i)) {
                throw new IllegalArgumentException("row " + i + ": " + what + " position " + positions[i]
                        + " is outside its " + batch.realLength(i) + " real tokens");
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
