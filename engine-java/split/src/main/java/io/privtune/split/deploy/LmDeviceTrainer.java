package io.privtune.split.deploy;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.deploy.wire.LmActivations;
import io.privtune.split.deploy.wire.LmBackwardReply;
import io.privtune.split.deploy.wire.LmBackwardRequest;
import io.privtune.split.deploy.wire.LmForwardReply;
import io.privtune.split.deploy.wire.LmForwardRequest;
import io.privtune.split.deploy.wire.LmInferRequest;
import io.privtune.split.deploy.wire.LmOpenReply;
import io.privtune.split.deploy.wire.LmOpenRequest;
import io.privtune.split.deploy.wire.LmRunSettings;
import io.privtune.split.deploy.wire.SplitLmTrainingGrpc;
import io.privtune.split.lm.LmCloudLink;
import io.privtune.split.lm.LmFineTuneSettings;
import io.privtune.split.lm.LmUpload;
import io.privtune.split.lm.SplitLmFineTuner;
import io.privtune.split.model.llama.DecoderSplit;
import io.privtune.split.train.LearningRateSchedule;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device of U-shaped decoder fine-tuning in a deployment: {@link SplitLmFineTuner}'s own loop (the same
 * key-drawn batches, the same uploads from {@code LmDevice.upload}, the same tail and loss) with its cloud across
 * the wire (split_lm.proto), over {@link DeviceTrainer}'s channel and bearer token. Only perturbed representations
 * and gradients go up; token ids stay in this process.
 *
 * <p>A call that fails while the cloud is unreachable is resent as it was (the cloud is idempotent by sequence: a
 * resent Forward gets the pending pass's output, a resent Backward is answered as a duplicate). A decoder run does
 * not resume: neither the cloud's session nor the device's tail is checkpointed, so a session that has applied
 * steps already, or a cloud that has forgotten the session, ends the run with a message saying so.
 */
public final class LmDeviceTrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LmDeviceTrainer.class);
    private final DeviceTrainer.Connection connection;
    private final ManagedChannel channel;
    private final SplitLmTrainingGrpc.SplitLmTrainingBlockingStub cloud;
    private int retries;

    public LmDeviceTrainer(DeviceTrainer.Connection connection) {
        this.connection = connection;
        this.channel = DeviceTrainer.channel(connection);
        this.cloud =
                SplitLmTrainingGrpc.newBlockingStub(channel).withCallCredentials(BearerAuth.client(connection.token()));
    }

    /**
     * Opens the connection's session for a run over {@code trainWindows} windows and returns the fine-tuner whose
     * cloud is that session: its {@code train} and {@code windowLosses} go over the wire.
     *
     * @param model the decoder as the cloud names it (stories260K, or a model folder on the cloud)
     * @param split the device's decoder: its bottom and tail run here (its middle stays unused)
     */
    public SplitLmFineTuner open(
            String model,
            DecoderSplit split,
            Mechanism mechanism,
            NoiseKey key,
            int trainWindows,
            LmFineTuneSettings settings) {
        LearningRateSchedule schedule = SplitLmFineTuner.schedule(settings, trainWindows);
        LmRunSettings run = LmRunSettings.newBuilder()
                .setModel(model)
                .setSplitPoint(split.splitPoint())
                .setTailBlocks(split.tailBlocks())
                .setTotalSteps(schedule.totalSteps())
                .setWarmupSteps(schedule.warmupSteps())
                .setLearningRate(settings.learningRate())
                .setWeightDecay(settings.weightDecay())
                .build();
        LmOpenReply reply = call(() -> cloud.withDeadlineAfter(2, TimeUnit.MINUTES)
                .open(LmOpenRequest.newBuilder()
                        .setSession(connection.session())
                        .setSettings(run)
                        .build()));
        int width = split.bottom().config().dim();
        if (reply.getWidth() != width) {
            throw new IllegalStateException("the cloud's model '" + model + "' has width " + reply.getWidth()
                    + ", this device's " + width + ": not the same decoder");
        }
        if (reply.getLastApplied() != 0) {
            throw new IllegalStateException("session '" + connection.session() + "' has applied "
                    + reply.getLastApplied() + " steps already; a decoder run cannot resume (the device's tail is "
                    + "not checkpointed): start a new session");
        }
        LOG.info("LM session " + connection.session() + " open on " + connection.target() + " (" + model + ", m = "
                + split.splitPoint() + ", " + schedule.totalSteps() + " steps)");
        return new SplitLmFineTuner(split, mechanism, key, trainWindows, settings, new Remote(width));
    }

    /** Calls resent because the cloud was unreachable. */
    public int retries() {
        return retries;
    }

    /** The cloud's session as the fine-tuner's loop sees it. */
    private final class Remote implements LmCloudLink {
        private final int width;
        private long steps;

        Remote(int width) {
            this.width = width;
        }

        @Override
        public float[] forward(long sequence, LmUpload upload) {
            LmForwardRequest request = LmForwardRequest.newBuilder()
                    .setSession(connection.session())
                    .setSequence(sequence)
                    .setUpload(wire(upload, width))
                    .build();
            LmForwardReply reply =
                    call(() -> cloud.withDeadlineAfter(5, TimeUnit.MINUTES).forward(request));
            if (reply.getSequence() != sequence) {
                throw new IllegalStateException(
                        "the cloud answered Forward " + sequence + " for sequence " + reply.getSequence());
            }
            return output(reply.getOutput(), upload, width);
        }

        @Override
        public void backward(long sequence, float[] gradient) {
            LmBackwardRequest.Builder request = LmBackwardRequest.newBuilder()
                    .setSession(connection.session())
                    .setSequence(sequence);
            for (float g : gradient) {
                request.addGradient(g);
            }
            LmBackwardRequest built = request.build();
            LmBackwardReply reply =
                    call(() -> cloud.withDeadlineAfter(5, TimeUnit.MINUTES).backward(built));
            steps = reply.getStep();
        }

        @Override
        public float[] infer(LmUpload upload) {
            LmInferRequest request = LmInferRequest.newBuilder()
                    .setSession(connection.session())
                    .setUpload(wire(upload, width))
                    .build();
            return output(
                    call(() -> cloud.withDeadlineAfter(5, TimeUnit.MINUTES).infer(request))
                            .getOutput(),
                    upload,
                    width);
        }

        @Override
        public long steps() {
            return steps;
        }
    }

    /** What crosses the wire for an upload: its floats and their shape. */
    static LmActivations wire(LmUpload upload, int width) {
        LmActivations.Builder out = LmActivations.newBuilder()
                .setWindows(upload.windows())
                .setLength(upload.length())
                .setWidth(width);
        for (float v : upload.representations()) {
            out.addValues(v);
        }
        return out.build();
    }

    /** The cloud's output for {@code upload}, of the upload's shape and finite (the cloud is not trusted to say so). */
    private static float[] output(LmActivations output, LmUpload upload, int width) {
        long expected = (long) upload.windows() * upload.length() * width;
        if (output.getWindows() != upload.windows()
                || output.getLength() != upload.length()
                || output.getWidth() != width
                || output.getValuesCount() != expected) {
            throw new IllegalStateException("the cloud's output is " + output.getWindows() + " x "
                    + output.getLength() + " x " + output.getWidth() + " with " + output.getValuesCount()
                    + " floats, expected " + upload.windows() + " x " + upload.length() + " x " + width + " ("
                    + expected + ")");
        }
        float[] out = new float[output.getValuesCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = output.getValues(i);
            if (!Float.isFinite(out[i])) {
                throw new IllegalStateException("the cloud's output[" + i + "] is " + out[i]);
            }
        }
        return out;
    }

    /** Runs {@code rpc}, resending it while the cloud is unreachable (up to the connection's retries). */
    private <T> T call(Supplier<T> rpc) {
        for (int attempt = 1; ; attempt++) {
            try {
                return rpc.get();
            } catch (StatusRuntimeException e) {
                if (!DeviceTrainer.retryable(e.getStatus().getCode()) || attempt > connection.maxRetries()) {
                    throw DeviceTrainer.refused(e);
                }
                retries++;
                LOG.info("cloud unreachable (" + e.getStatus().getCode() + "); resending");
                try {
                    Thread.sleep(connection.retryMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while resending", interrupted);
                }
            }
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
