package io.privtune.split.lm;

import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.model.llama.DecoderSplit;
import io.privtune.split.train.BatchPlan;
import io.privtune.split.train.LearningRateSchedule;
import io.privtune.split.train.NoiseSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * U-shaped split fine-tuning of a decoder, both sides in one process: per batch the device uploads, the cloud
 * runs its blocks, the device computes the loss on its tail and returns the gradient, the cloud steps. The
 * exchanges are exactly those of a deployment ({@link LmUpload} up, the cloud's output down, the gradient up),
 * so what an attack reads here is what a cloud would hold. A deployed device runs this same loop with the cloud
 * across the wire ({@link LmCloudLink}; io.privtune.split.deploy.LmDeviceTrainer).
 */
public final class SplitLmFineTuner {
    /** Everything the cloud received in training, kept for the attacks: each upload and each gradient, with the windows' order. */
    public interface Observer {
        void step(List<int[]> windows, LmUpload upload, float[] gradient, int epoch);
    }

    /** The mean training loss per epoch (nats per predicted token). */
    public record Result(double[] epochLoss, long steps) {}

    private final DecoderSplit split;
    private final LmDevice device;
    private final LmCloud cloud;
    private final LmCloudLink link;
    private final LmFineTuneSettings settings;
    private final int trainWindows;
    private final NoiseKey key;

    /** Both sides in this process: the cloud is an {@link LmCloud} on {@code split}'s middle. */
    public SplitLmFineTuner(
            DecoderSplit split, Mechanism mechanism, NoiseKey key, int trainWindows, LmFineTuneSettings settings) {
        this(split, mechanism, key, trainWindows, settings, null);
    }

    /**
     * The same loop with the cloud at {@code remote} (a deployment's device): {@code split}'s middle stays unused
     * here and {@link #cloud} is not available; null runs the cloud in this process.
     */
    public SplitLmFineTuner(
            DecoderSplit split,
            Mechanism mechanism,
            NoiseKey key,
            int trainWindows,
            LmFineTuneSettings settings,
            LmCloudLink remote) {
        this.split = split;
        this.settings = settings;
        this.trainWindows = trainWindows;
        this.key = key;
        LearningRateSchedule schedule = schedule(settings, trainWindows);
        this.device = new LmDevice(
                split.bottom(),
                split.tail(),
                mechanism,
                key,
                settings.weightDecay(),
                schedule,
                settings.gradientNoise());
        this.cloud = remote == null ? new LmCloud(split.middle(), settings.weightDecay(), schedule) : null;
        this.link = remote == null ? LmCloudLink.local(cloud) : remote;
    }

    /** The learning-rate schedule of a run over {@code trainWindows} windows: both sides step by it. */
    public static LearningRateSchedule schedule(LmFineTuneSettings settings, int trainWindows) {
        long steps = (long) settings.epochs() * ((trainWindows + settings.batch() - 1) / settings.batch());
        return new LearningRateSchedule(settings.learningRate(), Math.round(steps * settings.warmupRatio()), steps);
    }

    public LmDevice device() {
        return device;
    }

    /** The cloud in this process; refused when it is across the wire. */
    public LmCloud cloud() {
        if (cloud == null) {
            throw new IllegalStateException("the cloud of this fine-tuner is remote: it has no LmCloud here");
        }
        return cloud;
    }

    public Result train(List<int[]> windows, Observer observer, Progress progress) {
        if (windows.size() != trainWindows) {
            throw new IllegalArgumentException(
                    "the schedule was planned for " + trainWindows + " windows, found " + windows.size());
        }
        double[] epochLoss = new double[settings.epochs()];
        BatchPlan plan = new BatchPlan(
                windows.size(),
                settings.batch(),
                settings.epochs(),
                key,
                settings.freshNoise() ? NoiseSettings.EpochNoise.FRESH : NoiseSettings.EpochNoise.SAME);
        double loss = 0;
        long predicted = 0;
        try (Progress.Task task = progress.start("LM fine-tuning", plan.total(), "batches")) {
            for (long sequence = 1; sequence <= plan.total(); sequence++) {
                List<int[]> batch = new ArrayList<>();
                for (int row : plan.rows(sequence)) {
                    batch.add(windows.get(row));
                }
                int epoch = plan.epoch(sequence);
                LmUpload upload = device.upload(batch, plan.release(sequence));
                float[] output = link.forward(sequence, upload);
                LmDevice.Feedback feedback = device.learn(output, batch);
                link.backward(sequence, feedback.gradient());
                if (observer != null) {
                    observer.step(batch, upload, feedback.gradient(), epoch);
                }
                loss += feedback.summedLoss();
                predicted += feedback.predictedTokens();
                task.advance(sequence, plan.total());
                if (sequence % plan.batchesPerEpoch() == 0 || sequence == plan.total()) {
                    epochLoss[epoch] = loss / predicted;
                    task.message(String.format(java.util.Locale.ROOT, "loss %.3f", epochLoss[epoch]));
                    loss = 0;
                    predicted = 0;
                }
            }
        }
        return new Result(epochLoss, link.steps());
    }

    /** exp(mean next-token loss) of {@code windows} through the deployed path (uploads perturbed, release 0). */
    public double perplexity(List<int[]> windows) {
        double loss = 0;
        for (double l : windowLosses(windows)) {
            loss += l;
        }
        return Math.exp(loss / windows.size());
    }

    /** Each window's mean next-token loss (nats per prediction) through the deployed path (uploads perturbed, release 0). */
    public double[] windowLosses(List<int[]> windows) {
        double[] out = new double[windows.size()];
        for (int start = 0; start < windows.size(); start += settings.batch()) {
            List<int[]> batch = windows.subList(start, Math.min(windows.size(), start + settings.batch()));
            float[] summed = device.windowLosses(link.infer(device.upload(batch, 0)), batch);
            for (int i = 0; i < batch.size(); i++) {
                out[start + i] = summed[i] / (batch.get(i).length - 1.0);
            }
        }
        return out;
    }

    public DecoderSplit split() {
        return split;
    }
}
