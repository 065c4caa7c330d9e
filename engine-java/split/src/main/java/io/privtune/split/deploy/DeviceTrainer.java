package io.privtune.split.deploy;

import ai.djl.ndarray.NDManager;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.data.LabelledText;
import io.privtune.split.deploy.wire.EvaluateReply;
import io.privtune.split.deploy.wire.EvaluateRequest;
import io.privtune.split.deploy.wire.OpenReply;
import io.privtune.split.deploy.wire.OpenRequest;
import io.privtune.split.deploy.wire.RunSettings;
import io.privtune.split.deploy.wire.SplitTrainingGrpc;
import io.privtune.split.deploy.wire.TrainReply;
import io.privtune.split.deploy.wire.TrainRequest;
import io.privtune.split.deploy.wire.Upload;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.ModelSource;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.text.Encoding;
import io.privtune.split.train.BatchPlan;
import io.privtune.split.train.BatchRows;
import io.privtune.split.train.DevEvaluation;
import io.privtune.split.train.DeviceSide;
import io.privtune.split.train.FineTuneData;
import io.privtune.split.train.FineTuneSettings;
import io.privtune.split.train.MechanismSetup;
import io.privtune.split.train.NoiseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./privtune device train}: the tokenizer, the frozen bottom model and the mechanism run here; each
 * batch's upload (perturbed representations, mask, labels) goes to the cloud with a sequence number. The
 * batch plan and the noise are deterministic under the device's secret key (key-drawn order, noise
 * addressed per example), so after a lost connection the device re-opens the session, learns the last
 * batch the cloud holds, and continues from the next one: no batch is lost, the cloud (idempotent)
 * applies none twice, and a resent batch is byte-identical to the first sending. The key never leaves
 * the device's state folder; a public research seed is refused unless explicitly allowed.
 */
public final class DeviceTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceTrainer.class);
    /** How a run ended. */
    /** How a run ended; {@code devMacroF1} is NaN when the cloud did not return its predictions. */
    public record Result(
            long steps, double devAccuracy, double devLoss, int reconnects, double seconds, double devMacroF1) {}

    /** Where the cloud is and how to reach it. */
    public record Connection(
            String target, Path trustedCertificate, String token, String session, long retryMillis, int maxRetries) {}

    private final ComputeBackend backend;
    private final Progress progress;

    public DeviceTrainer(ComputeBackend backend, Progress progress) {
        this.backend = backend;
        this.progress = progress;
    }

    /**
     * @param state                folder of the device's own state: its noise key file (unless {@code noise} names another) and
     *                             the record that binds each session to its key
     * @param allowResearchSeed    true only for tests and demos: a research seed lets the cloud regenerate all noise
     */
    public Result run(
            FineTuneSettings s, Connection connection, NoiseSettings noise, Path state, boolean allowResearchSeed) {
        if (noise.isResearch() && !allowResearchSeed) {
            throw new IllegalArgumentException(
                    "a research seed (--noise-seed) makes the noise public: the cloud, which knows the code, "
                            + "could regenerate and subtract it exactly. Omit it to use the device's secret key, or add --insecure-research-seed "
                            + "for a test run whose uploads need no protection");
        }
        s.classificationTask(); // the deployment trains classification heads: any other task is refused before a
        // key exists
        NoiseKey key = DeviceRunRecord.exists(state, connection.session()) ? noise.existingKey() : noise.key();
        DeviceRunRecord.bind(state, connection.session(), key, noise, s.identity());
        FineTuneData data = FineTuneData.load(s, progress);
        List<LabelledText> train = data.train();
        List<LabelledText> dev = data.dev();
        List<Encoding> trainText = data.trainText();
        List<Encoding> devText = data.devText();
        ModelSource source = data.source();
        BatchPlan plan = new BatchPlan(trainText, s.batchSize(), s.epochs(), key, noise.epochNoise());
        long total = plan.total();
        RunSettings runSettings = RunSettings.newBuilder()
                .setModel(s.model())
                .setSplitPoint(s.splitPoint())
                .setClasses(data.task().classes()) // the cloud's head width and its label check
                .setTotalSteps(total)
                .setWarmupSteps(Math.round(total * s.warmupRatio()))
                .setLearningRate(s.learningRate())
                .setWeightDecay(s.weightDecay())
                .setDropout(s.dropout())
                .setCheckpointEvery(s.checkpointEvery())
                .setLoraRank(s.loraRank())
                .build();
        long started = System.nanoTime();
        ManagedChannel channel = channel(connection);
        try (NDManager root = NDManager.newBaseManager("PyTorch");
                BottomModel bottom = new BottomModel(source.weights(), s.splitPoint(), root)) {
            Mechanism mechanism = MechanismSetup.create(
                    s.mechanism(),
                    data.parameters(),
                    source,
                    bottom,
                    data.boundaryIds(),
                    trainText,
                    data.trainLabels(),
                    s.k(),
                    backend,
                    key,
                    progress);
            DeviceSide device = new DeviceSide(bottom, mechanism, key);
            SplitTrainingGrpc.SplitTrainingBlockingStub cloud = SplitTrainingGrpc.newBlockingStub(channel)
                    .withCallCredentials(BearerAuth.client(connection.token()));
            int reconnects = 0;
            long next = open(cloud, connection, runSettings) + 1;
            try (Progress.Task task = progress.start("train (cloud " + connection.target() + ")", total, "batches")) {
                while (next <= total) {
                    int[] rows = plan.rows(next);
                    PaddedBatch batch = PaddedBatch.of(BatchRows.texts(trainText, rows));
                    DeviceSide.Upload upload = device.prepare(batch, plan.release(next));
                    try {
                        TrainReply reply = cloud.withDeadlineAfter(5, TimeUnit.MINUTES)
                                .train(TrainRequest.newBuilder()
                                        .setSession(connection.session())
                                        .setSequence(next)
                                        .setUpload(wire(
                                                upload, batch, bottom.shape().hidden()))
                                        .addAllLabels(boxed(BatchRows.labels(train, rows)))
                                        .build());
                        task.message(String.format(
                                "loss %.3f%s", reply.getLoss(), reply.getDuplicate() ? " (duplicate)" : ""));
                        next++;
                        task.advance(next - 1, total);
                    } catch (StatusRuntimeException e) {
                        if (!retryable(e.getStatus().getCode()) && e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                            throw refused(e);
                        }
                        reconnects++;
                        LOG.info("cloud unreachable at batch " + next + " ("
                                + e.getStatus().getCode() + "); reconnecting");
                        next = reopen(cloud, connection, runSettings) + 1;
                    }
                }
            }
            double[] evaluation = evaluate(
                    cloud,
                    connection,
                    device,
                    devText,
                    dev,
                    s.batchSize(),
                    bottom.shape().hidden(),
                    data.task().classes());
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info(String.format(
                    "dev accuracy %.2f%%, macro-F1 %.2f%% after %d steps (%s, %s; %d reconnects, %.0f s)",
                    100 * evaluation[0],
                    100 * evaluation[2],
                    total,
                    data.task().name(),
                    data.task().evaluationSplit(),
                    reconnects,
                    seconds));
            return new Result(total, evaluation[0], evaluation[1], reconnects, seconds, evaluation[2]);
        } finally {
            channel.shutdownNow();
        }
    }

    private long open(SplitTrainingGrpc.SplitTrainingBlockingStub cloud, Connection connection, RunSettings settings) {
        try {
            OpenReply reply = cloud.withDeadlineAfter(2, TimeUnit.MINUTES)
                    .open(OpenRequest.newBuilder()
                            .setSession(connection.session())
                            .setSettings(settings)
                            .build());
            LOG.info("session " + connection.session() + ": cloud holds batches up to " + reply.getLastApplied());
            return reply.getLastApplied();
        } catch (StatusRuntimeException e) {
            throw refused(e);
        }
    }

    /** Re-opens after a failure, retrying while the cloud is down; returns the last batch the cloud holds. */
    private long reopen(
            SplitTrainingGrpc.SplitTrainingBlockingStub cloud, Connection connection, RunSettings settings) {
        for (int attempt = 1; ; attempt++) {
            try {
                Thread.sleep(connection.retryMillis());
                return open(cloud, connection, settings);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof StatusRuntimeException sre)
                        || !retryable(sre.getStatus().getCode())
                        || attempt >= connection.maxRetries()) {
                    throw e;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reconnecting", e);
            }
        }
    }

    private double[] evaluate(
            SplitTrainingGrpc.SplitTrainingBlockingStub cloud,
            Connection connection,
            DeviceSide device,
            List<Encoding> text,
            List<LabelledText> rows,
            int batchSize,
            int hidden,
            int classes) {
        return DevEvaluation.run(
                device, text, rows, batchSize, progress, "evaluate dev (cloud)", (upload, batch, labels) -> {
                    try {
                        EvaluateReply reply = cloud.withDeadlineAfter(5, TimeUnit.MINUTES)
                                .evaluate(EvaluateRequest.newBuilder()
                                        .setSession(connection.session())
                                        .setUpload(wire(upload, batch, hidden))
                                        .addAllLabels(boxed(labels))
                                        .build());
                        if (reply.getPredictedCount() != labels.length) {
                            return new DevEvaluation.BatchScore(reply.getCorrect(), reply.getLossSum());
                        }
                        int[] predicted = reply.getPredictedList().stream()
                                .mapToInt(Integer::intValue)
                                .toArray();
                        // the cloud is not trusted to send class indices
                        return DevEvaluation.BatchScore.of(predicted, labels, reply.getLossSum(), classes);
                    } catch (StatusRuntimeException e) {
                        throw refused(e);
                    }
                });
    }

    /** What crosses the wire for one batch: the upload and its mask, nothing else of the text. */
    static Upload wire(DeviceSide.Upload upload, PaddedBatch batch, int hidden) {
        Upload.Builder builder = Upload.newBuilder()
                .setBatch(batch.batch())
                .setLength(batch.length())
                .setHidden(hidden);
        for (float v : upload.representations()) {
            builder.addRepresentations(v);
        }
        for (float m : batch.mask()) {
            builder.addMask(m);
        }
        return builder.build();
    }

    /** A cloud that is down answers UNAVAILABLE; one killed while a call was in flight resets the stream (CANCELLED). */
    static boolean retryable(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED;
    }

    static IllegalStateException refused(StatusRuntimeException e) {
        return new IllegalStateException(
                "the cloud refused: " + e.getStatus().getCode() + " — "
                        + e.getStatus().getDescription(),
                e);
    }

    public static ManagedChannel channel(Connection connection) {
        try {
            return NettyChannelBuilder.forTarget(connection.target())
                    .sslContext(GrpcSslContexts.forClient()
                            .trustManager(connection.trustedCertificate().toFile())
                            .build())
                    .maxInboundMessageSize(16 << 20)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the cloud's certificate " + connection.trustedCertificate() + ": " + e.getMessage(),
                    e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cannot use the cloud's certificate " + connection.trustedCertificate() + ": " + e.getMessage(), e);
        }
    }

    private static List<Integer> boxed(int[] labels) {
        return Arrays.stream(labels).boxed().toList();
    }
}
