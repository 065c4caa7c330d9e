package io.privtune.split.deploy;

import ai.djl.ndarray.NDManager;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.privtune.split.deploy.wire.EvaluateReply;
import io.privtune.split.deploy.wire.EvaluateRequest;
import io.privtune.split.deploy.wire.OpenReply;
import io.privtune.split.deploy.wire.OpenRequest;
import io.privtune.split.deploy.wire.RunSettings;
import io.privtune.split.deploy.wire.SaveReply;
import io.privtune.split.deploy.wire.SaveRequest;
import io.privtune.split.deploy.wire.SplitTrainingGrpc;
import io.privtune.split.deploy.wire.TrainReply;
import io.privtune.split.deploy.wire.TrainRequest;
import io.privtune.split.model.BertWeights;
import io.privtune.split.model.ModelSource;
import io.privtune.split.model.PaddedBatch;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's side of the protocol: sessions by id, each with its own top model and owner device; every
 * request checked (caller owns the session, session known, settings consistent, shapes, values, order)
 * before it reaches a model. A non-owner learns only that the session belongs to another device.
 */
final class CloudService extends SplitTrainingGrpc.SplitTrainingImplBase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudService.class);
    private final Path state;
    private final long seed;
    private final SessionOwners owners;
    private final NDManager root = NDManager.newBaseManager("PyTorch");
    private final Map<String, CloudSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, BertWeights> models = new ConcurrentHashMap<>();

    /** @param seed the cloud's own seed for every top model's initialisation and dropout */
    private final CloudMetrics metrics;

    CloudService(Path state, long seed, CloudMetrics metrics, SessionOwners owners) {
        this.metrics = metrics;
        this.state = state;
        this.seed = seed;
        this.owners = owners;
    }

    Map<String, CloudSession> sessions() {
        return sessions;
    }

    /** Checkpoints every open session now (a graceful shutdown loses nothing applied). */
    void saveAll() {
        sessions.values().forEach(CloudSession::save);
    }

    @Override
    public void open(OpenRequest request, StreamObserver<OpenReply> reply) {
        respond("Open", reply, () -> {
            String id = request.getSession();
            SessionOwners.requireValidId(id);
            String device = BearerAuth.device();
            SessionOwners.require(
                    id, owners.of(id).orElse(device), device); // before anything else about the session is said
            RunSettings settings = request.getSettings();
            CloudSession existing = sessions.get(id);
            if (existing != null) {
                SessionOwners.require(id, existing.owner(), device);
                if (!existing.settings().equals(settings)) {
                    throw Status.FAILED_PRECONDITION
                            .withDescription("session '" + id + "' is open with other settings")
                            .asRuntimeException();
                }
            } else {
                existing = sessions.computeIfAbsent(id, key -> create(key, device, settings));
                SessionOwners.require(id, existing.owner(), device);
            }
            LOG.info("session " + id + " (device " + device + ") open, last applied batch " + existing.lastApplied());
            return OpenReply.newBuilder()
                    .setLastApplied(existing.lastApplied())
                    .setHidden(models.get(settings.getModel()).shape().hidden())
                    .build();
        });
    }

    private CloudSession create(String id, String device, RunSettings settings) {
        if (settings.getClasses() < 2
                || settings.getTotalSteps() < 1
                || !(settings.getLearningRate() > 0)
                || settings.getWarmupSteps() < 0
                || settings.getWarmupSteps() > settings.getTotalSteps()
                || !(settings.getDropout() >= 0 && settings.getDropout() < 1)) {
            throw UploadCheck.invalid(
                    "settings: need classes >= 2, total_steps >= 1, 0 <= warmup_steps <= total_steps, learning_rate > 0, "
                            + "dropout in [0, 1); found " + settings.toString().replace('\n', ' '));
        }
        if (settings.getClasses() > UploadCheck.MAX_CLASSES) {
            // the head is hidden x classes floats: a device must not make the cloud allocate without bound
            throw UploadCheck.invalid(
                    "settings.classes: expected 2.." + UploadCheck.MAX_CLASSES + ", found " + settings.getClasses());
        }
        BertWeights weights = models.computeIfAbsent(
                settings.getModel(), name -> ModelSource.resolve(name).weights());
        if (settings.getLoraRank() < 0
                || settings.getLoraRank() > weights.shape().hidden()) {
            throw UploadCheck.invalid("settings.lora_rank: expected 0 (whole top) .. "
                    + weights.shape().hidden() + ", found " + settings.getLoraRank());
        }
        if (settings.getSplitPoint() < 0
                || settings.getSplitPoint() >= weights.shape().layers()) {
            throw UploadCheck.invalid("settings.split_point: expected 0.."
                    + (weights.shape().layers() - 1) + ", found " + settings.getSplitPoint());
        }
        // claimed once the settings are sound, before the checkpoint is read: the first opener owns the id
        SessionOwners.require(id, owners.claim(id, device), device);
        try {
            return new CloudSession(id, device, settings, seed, weights, state, root);
        } catch (IllegalArgumentException e) {
            throw Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
        }
    }

    @Override
    public void train(TrainRequest request, StreamObserver<TrainReply> reply) {
        respond("Train", reply, () -> {
            CloudSession session = session(request.getSession());
            if (request.getSequence() < 1) {
                throw UploadCheck.invalid("sequence: expected >= 1, found " + request.getSequence());
            }
            Checked upload = check(session, request.getUpload(), request.getLabelsList());
            long started = System.nanoTime();
            double loss =
                    session.train(request.getSequence(), upload.representations(), upload.batch(), upload.labels());
            metrics.trained(request.getSession(), Double.isNaN(loss), System.nanoTime() - started);
            return TrainReply.newBuilder()
                    .setSequence(request.getSequence())
                    .setDuplicate(Double.isNaN(loss))
                    .setLoss(Double.isNaN(loss) ? 0 : loss)
                    .setLearningRate(session.learningRate())
                    .build();
        });
    }

    @Override
    public void evaluate(EvaluateRequest request, StreamObserver<EvaluateReply> reply) {
        respond("Evaluate", reply, () -> {
            CloudSession session = session(request.getSession());
            Checked upload = check(session, request.getUpload(), request.getLabelsList());
            double[] lossSum = new double[1];
            long[] predicted = session.evaluate(upload.representations(), upload.batch(), upload.labels(), lossSum);
            int correct = 0;
            EvaluateReply.Builder answer = EvaluateReply.newBuilder();
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == upload.labels()[i] ? 1 : 0;
                answer.addPredicted((int) predicted[i]);
            }
            return answer.setExamples(predicted.length)
                    .setCorrect(correct)
                    .setLossSum(lossSum[0])
                    .build();
        });
    }

    @Override
    public void save(SaveRequest request, StreamObserver<SaveReply> reply) {
        respond(
                "Save",
                reply,
                () -> SaveReply.newBuilder()
                        .setStep(session(request.getSession()).save())
                        .build());
    }

    /** An upload and its labels after every check, in the form the top model takes. */
    private record Checked(float[] representations, PaddedBatch batch, int[] labels) {}

    private Checked check(
            CloudSession session, io.privtune.split.deploy.wire.Upload upload, java.util.List<Integer> labels) {
        io.privtune.core.model.BertShape shape =
                models.get(session.settings().getModel()).shape();
        PaddedBatch batch = UploadCheck.batch(upload, shape.hidden(), shape.maxSequence());
        return new Checked(
                UploadCheck.representations(upload),
                batch,
                UploadCheck.labels(labels, batch.batch(), session.settings().getClasses()));
    }

    /** The caller's session {@code id}: PERMISSION_DENIED if another device owns it (open or only recorded), else NOT_FOUND if not open. */
    private CloudSession session(String id) {
        String device = BearerAuth.device();
        CloudSession session = sessions.get(id);
        SessionOwners.require(
                id, session != null ? session.owner() : owners.of(id).orElse(device), device);
        if (session == null) {
            throw Status.NOT_FOUND
                    .withDescription("unknown session '" + id + "': call Open first")
                    .asRuntimeException();
        }
        return session;
    }

    private <T> void respond(String method, StreamObserver<T> reply, CloudCalls.Call<T> call) {
        CloudCalls.respond(metrics, method, reply, call);
    }

    @Override
    public void close() {
        sessions.values().forEach(CloudSession::close);
        root.close();
    }
}
