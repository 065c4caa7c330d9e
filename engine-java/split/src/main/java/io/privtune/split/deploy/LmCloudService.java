package io.privtune.split.deploy;

import ai.djl.ndarray.NDManager;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.privtune.split.deploy.wire.LmActivations;
import io.privtune.split.deploy.wire.LmBackwardReply;
import io.privtune.split.deploy.wire.LmBackwardRequest;
import io.privtune.split.deploy.wire.LmForwardReply;
import io.privtune.split.deploy.wire.LmForwardRequest;
import io.privtune.split.deploy.wire.LmInferReply;
import io.privtune.split.deploy.wire.LmInferRequest;
import io.privtune.split.deploy.wire.LmOpenReply;
import io.privtune.split.deploy.wire.LmOpenRequest;
import io.privtune.split.deploy.wire.LmRunSettings;
import io.privtune.split.deploy.wire.SplitLmTrainingGrpc;
import io.privtune.split.lm.LmUpload;
import io.privtune.split.model.llama.LlamaConfig;
import io.privtune.split.model.llama.LlamaSource;
import io.privtune.split.model.llama.LlamaWeights;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's side of the decoder protocol (split_lm.proto): sessions by id, each with its own middle blocks
 * and owner device, under the same bearer tokens and the same owner records as {@link CloudService} (a session
 * id belongs to one device across both services). Every request is checked (caller owns the session, session
 * known, settings sound and consistent, shapes against the model's width and context, finite values, sequence
 * order) before it reaches a model. A non-owner learns only that the session belongs to another device.
 */
final class LmCloudService extends SplitLmTrainingGrpc.SplitLmTrainingImplBase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LmCloudService.class);
    private final SessionOwners owners;
    private final CloudMetrics metrics;
    private final NDManager root = NDManager.newBaseManager("PyTorch");
    private final Map<String, LmCloudSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, LlamaWeights> models = new ConcurrentHashMap<>();

    LmCloudService(SessionOwners owners, CloudMetrics metrics) {
        this.owners = owners;
        this.metrics = metrics;
    }

    Map<String, LmCloudSession> sessions() {
        return sessions;
    }

    @Override
    public void open(LmOpenRequest request, StreamObserver<LmOpenReply> reply) {
        respond("LmOpen", reply, () -> {
            String id = request.getSession();
            SessionOwners.requireValidId(id);
            String device = BearerAuth.device();
            SessionOwners.require(
                    id, owners.of(id).orElse(device), device); // before anything else about the session is said
            LmRunSettings settings = request.getSettings();
            LmCloudSession existing = sessions.get(id);
            if (existing != null) {
                SessionOwners.require(id, existing.owner(), device);
                if (!existing.settings().equals(settings)) {
                    throw Status.FAILED_PRECONDITION
                            .withDescription("session '" + id + "' is open with other settings")
                            .asRuntimeException();
                }
                existing.dropPending();
            } else {
                existing = sessions.computeIfAbsent(id, key -> create(key, device, settings));
                SessionOwners.require(id, existing.owner(), device);
            }
            LlamaConfig config = models.get(settings.getModel()).config();
            LOG.info("LM session " + id + " (device " + device + ") open, last applied step " + existing.lastApplied());
            return LmOpenReply.newBuilder()
                    .setLastApplied(existing.lastApplied())
                    .setWidth(config.dim())
                    .setContextLength(config.contextLength())
                    .build();
        });
    }

    private LmCloudSession create(String id, String device, LmRunSettings settings) {
        if (settings.getTotalSteps() < 1
                || settings.getWarmupSteps() < 0
                || settings.getWarmupSteps() > settings.getTotalSteps()
                || !(settings.getLearningRate() > 0)
                || !Float.isFinite(settings.getLearningRate())
                || !(settings.getWeightDecay() >= 0)
                || !Float.isFinite(settings.getWeightDecay())) {
            throw UploadCheck.invalid(
                    "settings: need total_steps >= 1, 0 <= warmup_steps <= total_steps, finite learning_rate > 0 "
                            + "and weight_decay >= 0; found "
                            + settings.toString().replace('\n', ' '));
        }
        if (settings.getModel().isEmpty()) {
            throw UploadCheck.invalid("settings.model: expected stories260K or a model folder, found ''");
        }
        LlamaWeights weights;
        try {
            weights = models.computeIfAbsent(
                    settings.getModel(), name -> LlamaSource.resolve(name).weights());
        } catch (IllegalArgumentException e) {
            throw UploadCheck.invalid("settings.model: " + e.getMessage());
        }
        int layers = weights.config().layers();
        if (settings.getTailBlocks() < 1 || settings.getTailBlocks() > layers - 1) {
            throw UploadCheck.invalid("settings.tail_blocks: expected 1.." + (layers - 1) + " (the model has " + layers
                    + " blocks, the cloud at least one), found " + settings.getTailBlocks());
        }
        int lastSplit = layers - settings.getTailBlocks() - 1;
        if (settings.getSplitPoint() < 0 || settings.getSplitPoint() > lastSplit) {
            throw UploadCheck.invalid("settings.split_point: expected 0.." + lastSplit + " (" + layers + " blocks, "
                    + settings.getTailBlocks() + " on the device's tail, at least one on the cloud), found "
                    + settings.getSplitPoint());
        }
        // claimed once the settings are sound: the first opener owns the id
        SessionOwners.require(id, owners.claim(id, device), device);
        return new LmCloudSession(id, device, settings, weights, root);
    }

    @Override
    public void forward(LmForwardRequest request, StreamObserver<LmForwardReply> reply) {
        respond("LmForward", reply, () -> {
            LmCloudSession session = session(request.getSession());
            if (request.getSequence() < 1) {
                throw UploadCheck.invalid("sequence: expected >= 1, found " + request.getSequence());
            }
            LmUpload upload = check(session, request.getUpload());
            float[] output = session.forward(request.getSequence(), upload);
            return LmForwardReply.newBuilder()
                    .setSequence(request.getSequence())
                    .setOutput(activations(upload, output, session))
                    .build();
        });
    }

    @Override
    public void backward(LmBackwardRequest request, StreamObserver<LmBackwardReply> reply) {
        respond("LmBackward", reply, () -> {
            LmCloudSession session = session(request.getSession());
            if (request.getSequence() < 1) {
                throw UploadCheck.invalid("sequence: expected >= 1, found " + request.getSequence());
            }
            float[] gradient = UploadCheck.finite("gradient", request.getGradientList());
            long started = System.nanoTime();
            boolean applied = session.backward(request.getSequence(), gradient);
            metrics.trained(request.getSession(), !applied, System.nanoTime() - started);
            return LmBackwardReply.newBuilder()
                    .setSequence(request.getSequence())
                    .setDuplicate(!applied)
                    .setStep(session.steps())
                    .setLearningRate(session.learningRate())
                    .build();
        });
    }

    @Override
    public void infer(LmInferRequest request, StreamObserver<LmInferReply> reply) {
        respond("LmInfer", reply, () -> {
            LmCloudSession session = session(request.getSession());
            LmUpload upload = check(session, request.getUpload());
            return LmInferReply.newBuilder()
                    .setOutput(activations(upload, session.infer(upload), session))
                    .build();
        });
    }

    private LmUpload check(LmCloudSession session, LmActivations upload) {
        LlamaConfig config = models.get(session.settings().getModel()).config();
        return UploadCheck.activations(upload, config.dim(), config.contextLength());
    }

    private LmActivations activations(LmUpload shape, float[] values, LmCloudSession session) {
        LmActivations.Builder out = LmActivations.newBuilder()
                .setWindows(shape.windows())
                .setLength(shape.length())
                .setWidth(models.get(session.settings().getModel()).config().dim());
        for (float v : values) {
            out.addValues(v);
        }
        return out.build();
    }

    /** The caller's session {@code id}: PERMISSION_DENIED if another device owns it (open or only recorded), else NOT_FOUND if not open. */
    private LmCloudSession session(String id) {
        String device = BearerAuth.device();
        LmCloudSession session = sessions.get(id);
        SessionOwners.require(
                id, session != null ? session.owner() : owners.of(id).orElse(device), device);
        if (session == null) {
            throw Status.NOT_FOUND
                    .withDescription("unknown LM session '" + id + "': call Open first (LM sessions are not "
                            + "checkpointed: a restarted cloud has forgotten them)")
                    .asRuntimeException();
        }
        return session;
    }

    private <T> void respond(String method, StreamObserver<T> reply, CloudCalls.Call<T> call) {
        CloudCalls.respond(metrics, method, reply, call);
    }

    @Override
    public void close() {
        sessions.values().forEach(LmCloudSession::close);
        root.close();
    }
}
