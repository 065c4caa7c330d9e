package io.privtune.split.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.data.LabelledText;
import io.privtune.split.internal.store.JsonFile;
import io.privtune.split.model.BertWeights;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.ModelSource;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.model.TopModel;
import io.privtune.split.text.Encoding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Private fine-tuning on a classification task (docs/DESIGN.md §1): the device runs tokenizer, frozen bottom model and the
 * mechanism; the cloud trains the top model on what is uploaded. Both sides run in this process here
 * (the network split is issue 6); {@link DeviceSide} marks exactly what would cross the wire.
 */
public final class PrivateFineTuner {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFineTuner.class);

    private final ComputeBackend backend;
    private final Progress progress;

    public PrivateFineTuner(ComputeBackend backend, Progress progress) {
        this.backend = backend;
        this.progress = progress;
    }

    public FineTuneSummary run(FineTuneSettings s, NoiseSettings noise) {
        FineTuneData data = FineTuneData.load(s, progress);
        MechanismParameters parameters = data.parameters();
        List<LabelledText> train = data.train();
        List<LabelledText> dev = data.dev();
        ModelSource source = data.source();
        BertWeights weights = source.weights();
        LOG.info(String.format(
                "model %s (%d layers, d = %d), split after layer %d; mechanism %s; task %s (%d classes, %d training / %d evaluation examples)",
                source.name(),
                weights.shape().layers(),
                weights.shape().hidden(),
                s.splitPoint(),
                s.mechanism(),
                data.task().name(),
                data.task().classes(),
                train.size(),
                dev.size()));
        List<Encoding> trainText = data.trainText();
        List<Encoding> devText = data.devText();
        int[] boundary = data.boundaryIds();
        Path checkpoint = s.out().resolve("checkpoint.safetensors");
        boolean resuming = s.resume() && Checkpoint.identity(checkpoint) != null;
        NoiseKey key = resuming ? noise.existingKey() : noise.key();
        String identity = s.identity() + "|noise " + noise.identity(key);
        refuseForeignKey(checkpoint, s.identity(), identity, resuming, noise);
        LOG.info(noise.describe(s.epochs()));
        Engine.getInstance().setRandomSeed((int) s.seed());
        try (NDManager root = NDManager.newBaseManager("PyTorch");
                BottomModel bottom = new BottomModel(weights, s.splitPoint(), root);
                TopModel top = new TopModel(
                        weights, s.splitPoint(), data.task().classes(), s.dropout(), s.loraRank(), s.seed(), root)) {
            Mechanism mechanism = MechanismSetup.create(
                    s.mechanism(),
                    parameters,
                    source,
                    bottom,
                    boundary,
                    trainText,
                    train.stream().mapToInt(LabelledText::label).toArray(),
                    s.k(),
                    backend,
                    key,
                    progress);
            DeviceSide device = new DeviceSide(bottom, mechanism, key);
            BatchPlan plan = new BatchPlan(trainText, s.batchSize(), s.epochs(), key, noise.epochNoise());
            int batchesPerEpoch = plan.batchesPerEpoch();
            long totalSteps = plan.total();
            LearningRateSchedule schedule =
                    new LearningRateSchedule(s.learningRate(), Math.round(totalSteps * s.warmupRatio()), totalSteps);
            AdamW optimizer = new AdamW(top.parameters(), s.weightDecay());
            CloudSide cloud = new CloudSide(top, optimizer, schedule);
            Checkpoint.Position position = s.resume() ? Checkpoint.load(checkpoint, identity, top, optimizer) : null;
            long resumedFrom = position == null ? 0 : position.step();
            if (position != null) {
                LOG.info("resumed from " + checkpoint + " at step " + position.step() + " (epoch "
                        + (position.epoch() + 1) + ")");
            }
            LossCurve lossCurve = new LossCurve();
            List<Double> etas = new ArrayList<>();
            long started = System.nanoTime();
            long examplesSeen = 0;
            long step = resumedFrom;
            long stopAt = s.maxSteps() == 0 ? Long.MAX_VALUE : step + s.maxSteps();
            training:
            for (int epoch = plan.epoch(Math.min(step + 1, totalSteps)); epoch < s.epochs(); epoch++) {
                lossCurve.restartAverage();
                try (Progress.Task task =
                        progress.start("train epoch " + (epoch + 1) + "/" + s.epochs(), batchesPerEpoch, "batches")) {
                    task.advance(step - (long) epoch * batchesPerEpoch, batchesPerEpoch);
                    while (step < (long) (epoch + 1) * batchesPerEpoch) {
                        long sequence = step + 1;
                        int[] rows = plan.rows(sequence);
                        PaddedBatch batch = PaddedBatch.of(BatchRows.texts(trainText, rows));
                        DeviceSide.Upload upload = device.prepare(batch, plan.release(sequence));
                        if (step % 10 == 0) {
                            collectEta(upload, etas);
                        }
                        CloudSide.seedDropout(s.seed(), step); // a resumed run repeats the same masks
                        double loss = cloud.trainStep(upload, batch, BatchRows.labels(train, rows));
                        step++;
                        examplesSeen += rows.length;
                        double smoothedLoss = lossCurve.add(step, loss);
                        long inEpoch = step - (long) epoch * batchesPerEpoch;
                        task.advance(inEpoch, batchesPerEpoch);
                        task.message(String.format(
                                "loss %.3f, %.1f ex/s",
                                smoothedLoss, examplesSeen / ((System.nanoTime() - started) / 1e9)));
                        boolean lastOfEpoch = inEpoch == batchesPerEpoch;
                        boolean stopping = step >= stopAt;
                        if (step % s.checkpointEvery() == 0 || lastOfEpoch || stopping) {
                            Checkpoint.save(
                                    checkpoint,
                                    identity,
                                    top,
                                    optimizer,
                                    lastOfEpoch
                                            ? new Checkpoint.Position(epoch + 1, 0, 0, step)
                                            : new Checkpoint.Position(epoch, (int) inEpoch, 0, step));
                        }
                        if (stopping && step < totalSteps) {
                            LOG.info("stopped after " + s.maxSteps() + " steps at step " + step
                                    + "; continue with --resume");
                            break training;
                        }
                    }
                }
            }
            double trainSeconds = (System.nanoTime() - started) / 1e9;
            DevEvaluation.Result evaluation = evaluate(cloud, device, devText, dev, s.batchSize());
            LOG.info(String.format(
                    "dev accuracy %.2f%%, macro-F1 %.2f%% (loss %.4f) after %d steps (%s, %s)",
                    100 * evaluation.accuracy(),
                    100 * evaluation.macroF1(),
                    evaluation.loss(),
                    step,
                    data.task().name(),
                    data.task().evaluationSplit()));
            double medianEta = median(etas);
            FineTuneSummary summary = new FineTuneSummary(
                    source.name(),
                    s.splitPoint(),
                    s.mechanism(),
                    parameters.asMap(),
                    mechanism.privacyStatement(),
                    medianEta,
                    noise.runEta(medianEta, s.epochs()),
                    noise.describe(s.epochs()),
                    evaluation.accuracy(),
                    evaluation.loss(),
                    train.size(),
                    dev.size(),
                    step,
                    trainSeconds,
                    examplesSeen / Math.max(1e-9, trainSeconds),
                    resumedFrom,
                    lossCurve.points(),
                    io.privtune.split.RunEnvironment.describe(),
                    evaluation.hits() == null ? null : io.privtune.split.stats.Outcomes.encode(evaluation.hits()),
                    data.task().name(),
                    evaluation.macroF1(),
                    io.privtune.split.task.ClassificationScore.majorityRate(
                            dev.stream().mapToInt(LabelledText::label).toArray()));
            JsonFile.write(s.out().resolve("summary.json"), summary);
            return summary;
        }
    }

    /** A resume with another run's key or epoch rule would upload new noise for texts the cloud already holds: refused by name. */
    private static void refuseForeignKey(
            Path checkpoint, String settings, String identity, boolean resuming, NoiseSettings noise) {
        String found = resuming ? Checkpoint.identity(checkpoint) : null;
        if (found != null && !found.equals(identity) && found.startsWith(settings + "|noise ")) {
            throw new IllegalArgumentException(
                    checkpoint + " was made with other noise (" + found.substring(settings.length() + 7) + ") than "
                            + (noise.isResearch() ? "research seed " + noise.researchSeed() : noise.keyFile()) + " ("
                            + identity.substring(settings.length() + 7)
                            + "); resume with the key file and --epoch-noise of that run, or start a new run in another --out");
        }
    }

    /** Accuracy, macro-F1 and loss on the evaluation split, with the same mechanism applied as in training. */
    private DevEvaluation.Result evaluate(
            CloudSide cloud, DeviceSide device, List<Encoding> text, List<LabelledText> rows, int batchSize) {
        return DevEvaluation.evaluate(
                device, text, rows, batchSize, progress, "evaluate dev", (upload, batch, labels) -> {
                    double[] lossSum = new double[1];
                    long[] predicted = cloud.predict(upload, batch, labels, lossSum);
                    return DevEvaluation.BatchScore.of(
                            java.util.Arrays.stream(predicted)
                                    .mapToInt(Math::toIntExact)
                                    .toArray(),
                            labels,
                            lossSum[0]);
                });
    }

    /** A seeded sample of {@code size} rows (all of them when size is 0 or larger than the set). */
    public static <T> List<T> sample(List<T> all, int size, long seed) {
        if (size == 0 || size >= all.size()) {
            return all;
        }
        int[] order = shuffled(all.size(), seed ^ 0x5DEECE66DL);
        List<T> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(all.get(order[i]));
        }
        return out;
    }

    /** A seeded permutation of 0..n-1 for research sampling (never for anything the cloud must not predict). */
    public static int[] shuffled(int n, long seed) {
        return shuffled(n, new SplittableRandom(seed));
    }

    /** A Fisher-Yates permutation of 0..n-1 drawn from {@code random} (which advances). */
    public static int[] shuffled(int n, SplittableRandom random) {
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static void collectEta(DeviceSide.Upload upload, List<Double> etas) {
        for (double e : upload.effectiveEta()) {
            if (Double.isFinite(e)) {
                etas.add(e);
            }
        }
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
