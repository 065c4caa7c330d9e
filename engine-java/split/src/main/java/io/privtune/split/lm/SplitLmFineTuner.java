package io.privtune.split.lm;

import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.model.llama.DecoderSplit;
import io.privtune.split.train.LearningRateSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * U-shaped split fine-tuning of a decoder, both sides in one process: per batch the device uploads, the cloud
 * runs its blocks, the device computes the loss on its tail and returns the gradient, the cloud steps. The
 * exchanges are exactly those of a deployment ({@link LmUpload} up, the cloud's output down, the gradient up),
 * so what an attack reads here is what a cloud would hold.
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
    private final LmFineTuneSettings settings;
    private final int trainWindows;

    public SplitLmFineTuner(
            DecoderSplit split, Mechanism mechanism, NoiseKey key, int trainWindows, LmFineTuneSettings settings) {
        this.split = split;
        this.settings = settings;
        this.trainWindows = trainWindows;
        long steps = (long) settings.epochs() * ((trainWindows + settings.batch() - 1) / settings.batch());
        LearningRateSchedule schedule =
                new LearningRateSchedule(settings.learningRate(), Math.round(steps * settings.warmupRatio()), steps);
        this.device = new LmDevice(split.bottom(), split.tail(), mechanism, key, settings.weightDecay(), schedule);
        this.cloud = new LmCloud(split.middle(), settings.weightDecay(), schedule);
    }

    public LmDevice device() {
        return device;
    }

    public LmCloud cloud() {
        return cloud;
    }

    public Result train(List<int[]> windows, Observer observer, Progress progress) {
        if (windows.size() != trainWindows) {
            throw new IllegalArgumentException(
                    "the schedule was planned for " + trainWindows + " windows, found " + windows.size());
        }
        double[] epochLoss = new double[settings.epochs()];
        Random order = new Random(settings.seed());
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            indices.add(i);
        }
        int batches = (windows.size() + settings.batch() - 1) / settings.batch();
        try (Progress.Task task = progress.start("LM fine-tuning", (long) settings.epochs() * batches, "batches")) {
            for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                Collections.shuffle(indices, order);
                double loss = 0;
                long predicted = 0;
                for (int b = 0; b < batches; b++) {
                    List<int[]> batch = new ArrayList<>();
                    for (int i = b * settings.batch(); i < Math.min(windows.size(), (b + 1) * settings.batch()); i++) {
                        batch.add(windows.get(indices.get(i)));
                    }
                    LmUpload upload = device.upload(batch, settings.freshNoise() ? epoch : 0);
                    float[] output = cloud.forward(upload);
                    LmDevice.Feedback feedback = device.learn(output, batch);
                    cloud.backward(feedback.gradient());
                    if (observer != null) {
                        observer.step(batch, upload, feedback.gradient(), epoch);
                    }
                    loss += feedback.summedLoss();
                    predicted += feedback.predictedTokens();
                    task.advance((long) epoch * batches + b + 1, (long) settings.epochs() * batches);
                }
                epochLoss[epoch] = loss / predicted;
            }
        }
        return new Result(epochLoss, cloud.steps());
    }

    /** exp(mean next-token loss) of {@code windows} through the deployed path (uploads perturbed, release 0). */
    public double perplexity(List<int[]> windows) {
        double loss = 0;
        long predicted = 0;
        for (int start = 0; start < windows.size(); start += settings.batch()) {
            List<int[]> batch = windows.subList(start, Math.min(windows.size(), start + settings.batch()));
            loss += device.summedLoss(cloud.infer(device.upload(batch, 0)), batch);
            predicted += (long) batch.size() * (batch.get(0).length - 1);
        }
        return Math.exp(loss / predicted);
    }

    public DecoderSplit split() {
        return split;
    }
}
