package io.privtune.split.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.model.EncodedCorpus;
import io.privtune.split.model.llama.DecoderBottom;
import io.privtune.split.model.llama.DecoderTail;
import io.privtune.split.train.AdamW;
import io.privtune.split.train.LearningRateSchedule;
import io.privtune.split.train.TextPerturber;
import java.util.List;

/**
 * The device's side of U-shaped causal-LM fine-tuning: the frozen bottom and the mechanism make the upload
 * (through {@link TextPerturber}, as the encoder's device does), and the tail turns the cloud's output into the
 * next-token loss, whose gradient with respect to that output goes back to the cloud ({@link GradientNoise} decides
 * what it carries). The tail trains here.
 * Token ids, the labels, never leave this class.
 */
public final class LmDevice {
    /** The loss of a batch (summed over its predicted tokens) and its gradient with respect to the cloud's output. */
    public record Feedback(double summedLoss, int predictedTokens, float[] gradient) {}

    private final DecoderBottom bottom;
    private final DecoderTail tail;
    private final TextPerturber perturber;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
    private final NoiseKey key;
    private final GradientNoise gradientNoise;

    public LmDevice(
            DecoderBottom bottom,
            DecoderTail tail,
            Mechanism mechanism,
            NoiseKey key,
            float weightDecay,
            LearningRateSchedule schedule,
            GradientNoise gradientNoise) {
        if (!gradientNoise.off() && key == null) {
            throw new IllegalArgumentException("gradient noise needs the device's noise key");
        }
        this.key = key;
        this.gradientNoise = gradientNoise;
        this.bottom = bottom;
        this.tail = tail;
        this.perturber = new TextPerturber(bottom.identity(), mechanism, key);
        this.optimizer = new AdamW(tail.parameters(), weightDecay);
        this.schedule = schedule;
    }

    public DecoderBottom bottom() {
        return bottom;
    }

    public TextPerturber perturber() {
        return perturber;
    }

    /** The bottom's output for windows, before perturbation: what stays on the device (and what attacks score against). */
    public EncodedCorpus encode(List<int[]> windows) {
        return bottom.encode(windows);
    }

    /** The upload for windows in release {@code release} (0, or the epoch under fresh per-epoch noise). */
    public LmUpload upload(List<int[]> windows, int release) {
        EncodedCorpus encoded = bottom.encode(windows);
        return new LmUpload(perturber.perturb(encoded, release).perturbed(), windows.size(), windows.get(0).length);
    }

    /** Loss and the gradient for the cloud from its output for {@code windows}; one optimiser step on the tail. */
    public Feedback learn(float[] fromCloud, List<int[]> windows) {
        Feedback feedback;
        try (NDManager scope = NDManager.newBaseManager("PyTorch")) {
            NDArray z = cloudOutput(scope, fromCloud, windows);
            z.setRequiresGradient(true);
            int predicted = windows.size() * (windows.get(0).length - 1);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray summed = tail.summedLoss(z, ids(windows));
                // the mean, as the optimiser's step size assumes; the divisor an array of this scope (see LlamaBlock)
                collector.backward(summed.div(scope.create((float) predicted)));
                float[] gradient = z.getGradient().toFloatArray();
                long step = optimizer.step() + 1;
                gradientNoise.apply(
                        gradient, bottom.config().dim(), predicted, key, perturber.textNonce(ids(windows), (int) step));
                feedback = new Feedback(summed.getFloat(), predicted, gradient);
            }
        }
        if (!Double.isFinite(feedback.summedLoss())) {
            throw new IllegalStateException("training diverged: loss is " + feedback.summedLoss() + " at step "
                    + (optimizer.step() + 1) + "; lower the learning rate");
        }
        optimizer.update(schedule.at(optimizer.step() + 1));
        return feedback;
    }

    /** Each window's summed next-token loss (nats over its T − 1 predictions) from the cloud's output, without training. */
    public float[] windowLosses(float[] fromCloud, List<int[]> windows) {
        try (NDManager scope = NDManager.newBaseManager("PyTorch")) {
            return tail.windowLosses(cloudOutput(scope, fromCloud, windows), ids(windows))
                    .toFloatArray();
        }
    }

    /** Next-token logits at the last position of one window (vocab floats), from the cloud's output for it. */
    public float[] lastLogits(float[] fromCloud, int length) {
        try (NDManager scope = NDManager.newBaseManager("PyTorch")) {
            NDArray z =
                    scope.create(fromCloud, new Shape(1, length, bottom.config().dim()));
            return tail.logits(z).get("0, -1, :").toFloatArray();
        }
    }

    private NDArray cloudOutput(NDManager scope, float[] fromCloud, List<int[]> windows) {
        int length = windows.get(0).length;
        long expected = (long) windows.size() * length * bottom.config().dim();
        if (fromCloud.length != expected) {
            throw new IllegalArgumentException("the cloud's output holds " + fromCloud.length + " floats, expected "
                    + expected + " (" + windows.size() + " windows x " + length + " x "
                    + bottom.config().dim() + ")");
        }
        return scope.create(
                fromCloud, new Shape(windows.size(), length, bottom.config().dim()));
    }

    static int[] ids(List<int[]> windows) {
        int length = windows.get(0).length;
        int[] ids = new int[windows.size() * length];
        for (int s = 0; s < windows.size(); s++) {
            System.arraycopy(windows.get(s), 0, ids, s * length, length);
        }
        return ids;
    }
}
