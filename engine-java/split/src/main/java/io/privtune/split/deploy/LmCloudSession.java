package io.privtune.split.deploy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.privtune.split.deploy.wire.LmRunSettings;
import io.privtune.split.lm.LmCloud;
import io.privtune.split.lm.LmUpload;
import io.privtune.split.model.llama.DecoderSplit;
import io.privtune.split.model.llama.LlamaWeights;
import io.privtune.split.train.GradMode;
import io.privtune.split.train.LearningRateSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One device's decoder fine-tuning as the cloud holds it: the middle blocks of a {@link DecoderSplit} and an
 * {@link LmCloud} (AdamW, the schedule), the last applied step and at most one pending forward pass. Steps are
 * applied in sequence order exactly once: Forward N needs N = last applied + 1 and nothing else pending (a resend
 * of the pending Forward with the same floats is answered again); Backward N needs Forward N pending, and a
 * Backward for an applied step is answered as a duplicate.
 *
 * <p>Not checkpointed: the session lives in this process only. A restarted cloud has forgotten it (calls other
 * than Open answer NOT_FOUND), and its device, whose tail is not checkpointed either, must start a new run.
 * Only the owner record under --state survives, so the id stays its device's.
 */
final class LmCloudSession implements AutoCloseable {
    /** The PyTorch engine has one gradient collector at a time: every session's model work goes through here. */
    private static final Object ENGINE = new Object();

    private final String id;
    private final String owner;
    private final LmRunSettings settings;
    private final DecoderSplit split;
    private final LmCloud cloud;
    private final LearningRateSchedule schedule;
    private final int width;
    private final List<Long> appliedThisProcess = new ArrayList<>();
    private long lastApplied;
    private long pendingSequence;
    private float[] pendingUpload;
    private float[] pendingOutput;

    LmCloudSession(String id, String owner, LmRunSettings settings, LlamaWeights weights, NDManager root) {
        this.id = id;
        this.owner = owner;
        this.settings = settings;
        this.width = weights.config().dim();
        // the whole split is built from the weights, the cloud uses only its middle: the device's bottom and tail
        // are the pretrained ones, never what the device trains
        this.split = new DecoderSplit(
                weights, settings.getModel(), settings.getSplitPoint(), settings.getTailBlocks(), root);
        this.schedule = new LearningRateSchedule(
                settings.getLearningRate(), settings.getWarmupSteps(), settings.getTotalSteps());
        this.cloud = new LmCloud(split.middle(), settings.getWeightDecay(), schedule);
    }

    String id() {
        return id;
    }

    /** The device that opened this session first; only it may use the session. */
    String owner() {
        return owner;
    }

    LmRunSettings settings() {
        return settings;
    }

    synchronized long lastApplied() {
        return lastApplied;
    }

    /** The sequence numbers this process applied, in order. */
    synchronized List<Long> appliedThisProcess() {
        return List.copyOf(appliedThisProcess);
    }

    /** The middle's parameters (for audits and tests). */
    List<NDArray> parameters() {
        return split.middle().parameters();
    }

    /** Forgets a pending forward pass (a re-opened session starts again from last applied + 1). */
    synchronized void dropPending() {
        if (pendingSequence != 0) {
            synchronized (ENGINE) {
                cloud.dropPending();
            }
            clearPending();
        }
    }

    /** The middle's output for training step {@code sequence}, its graph kept until that step's backward. */
    synchronized float[] forward(long sequence, LmUpload upload) {
        if (pendingSequence != 0) {
            if (pendingSequence == sequence && Arrays.equals(pendingUpload, upload.representations())) {
                return pendingOutput; // a resend after a lost reply: the same pass, computed once
            }
            throw precondition("the forward pass of sequence " + pendingSequence
                    + " is pending: send its Backward first (found a Forward for sequence " + sequence
                    + (pendingSequence == sequence ? " with other floats" : "") + ")");
        }
        if (sequence != lastApplied + 1) {
            throw precondition("Forward out of order: expected sequence " + (lastApplied + 1) + " (last applied "
                    + lastApplied + "), found " + sequence);
        }
        float[] output;
        synchronized (ENGINE) {
            GradMode.off();
            output = cloud.forward(upload);
        }
        pendingSequence = sequence;
        pendingUpload = upload.representations();
        pendingOutput = output;
        return output;
    }

    /**
     * Back-propagates {@code gradient} through the pending forward pass of {@code sequence} and steps; false for a
     * sequence applied before (nothing done). A refused gradient leaves the pending pass as it was.
     */
    synchronized boolean backward(long sequence, float[] gradient) {
        if (sequence <= lastApplied) {
            return false;
        }
        if (pendingSequence == 0) {
            throw precondition("Backward for sequence " + sequence
                    + " without its Forward: no forward pass is pending (the next Forward is sequence "
                    + (lastApplied + 1) + ")");
        }
        if (sequence != pendingSequence) {
            throw precondition("Backward out of order: the pending Forward is sequence " + pendingSequence + ", found "
                    + sequence);
        }
        if (gradient.length != pendingOutput.length) {
            throw UploadCheck.invalid("gradient: expected " + pendingOutput.length
                    + " floats (windows x length x width of Forward " + pendingSequence + "), found "
                    + gradient.length);
        }
        try {
            synchronized (ENGINE) {
                GradMode.off();
                cloud.backward(gradient);
            }
        } catch (RuntimeException e) {
            clearPending(); // LmCloud has let go of the graph: the device must send Forward again
            throw e;
        }
        lastApplied = sequence;
        appliedThisProcess.add(sequence);
        clearPending();
        return true;
    }

    private void clearPending() {
        pendingSequence = 0;
        pendingUpload = null;
        pendingOutput = null;
    }

    /** The middle's output without training; a pending forward pass is untouched. */
    float[] infer(LmUpload upload) {
        synchronized (ENGINE) {
            GradMode.off();
            return cloud.infer(upload);
        }
    }

    synchronized long steps() {
        return cloud.steps();
    }

    /** The learning rate of the last step taken (0 before the first). */
    synchronized float learningRate() {
        return lastApplied == 0 ? 0f : schedule.at(cloud.steps());
    }

    private StatusRuntimeException precondition(String message) {
        return Status.FAILED_PRECONDITION
                .withDescription("session '" + id + "': " + message)
                .asRuntimeException();
    }

    @Override
    public synchronized void close() {
        synchronized (ENGINE) {
            cloud.close();
            split.close();
        }
    }
}
