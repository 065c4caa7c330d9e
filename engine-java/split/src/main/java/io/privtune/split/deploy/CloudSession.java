package io.privtune.split.deploy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.privtune.split.deploy.wire.RunSettings;
import io.privtune.split.model.BertWeights;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.model.TopModel;
import io.privtune.split.train.AdamW;
import io.privtune.split.train.Checkpoint;
import io.privtune.split.train.CloudSide;
import io.privtune.split.train.DeviceSide;
import io.privtune.split.train.LearningRateSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One device's training run as the cloud holds it: the top model, AdamW and the schedule, and the
 * sequence number of the last batch applied. Batches are applied in sequence order exactly once (a
 * repeat is answered as a duplicate, a gap is refused); every {@code checkpoint_every} steps the state
 * goes to {state}/{session}.safetensors, from which a restarted cloud resumes. The top model's
 * initialisation and dropout draw from the cloud's own seed, never from the device.
 */
final class CloudSession implements AutoCloseable {
    private final String id;
    private final String owner;
    private final RunSettings settings;
    private final long seed;
    private final String identity;
    private final Path checkpoint;
    private final TopModel top;
    private final AdamW optimizer;
    private final CloudSide cloud;
    private final LearningRateSchedule schedule;
    private final List<Long> appliedThisProcess = new ArrayList<>();
    private long lastApplied;

    CloudSession(
            String id, String owner, RunSettings settings, long seed, BertWeights weights, Path state, NDManager root) {
        this.id = id;
        this.owner = owner;
        this.settings = settings;
        this.seed = seed;
        this.identity = settings.toString().replace('\n', ' ').trim();
        this.checkpoint = state.resolve(id + ".safetensors");
        this.top = new TopModel(
                weights,
                settings.getSplitPoint(),
                settings.getClasses(),
                settings.getDropout(),
                settings.getLoraRank(),
                seed,
                root);
        this.optimizer = new AdamW(top.parameters(), settings.getWeightDecay());
        this.schedule = new LearningRateSchedule(
                settings.getLearningRate(), settings.getWarmupSteps(), settings.getTotalSteps());
        this.cloud = new CloudSide(top, optimizer, schedule);
        Checkpoint.Position position = Checkpoint.load(checkpoint, identity, top, optimizer);
        this.lastApplied = position == null ? 0 : position.step();
    }

    String id() {
        return id;
    }

    /** The device that opened this session first; only it may use the session. */
    String owner() {
        return owner;
    }

    RunSettings settings() {
        return settings;
    }

    synchronized long lastApplied() {
        return lastApplied;
    }

    /** The sequence numbers this process applied, in order (what the fault test audits). */
    synchronized List<Long> appliedThisProcess() {
        return List.copyOf(appliedThisProcess);
    }

    /** Applies batch {@code sequence} if it is the next one; returns its loss, or NaN for a repeat. */
    synchronized double train(long sequence, float[] representations, PaddedBatch batch, int[] labels) {
        if (sequence <= lastApplied) {
            return Double.NaN;
        }
        if (sequence != lastApplied + 1) {
            throw io.grpc.Status.FAILED_PRECONDITION
                    .withDescription("session '" + id + "': out of order, expected sequence " + (lastApplied + 1)
                            + ", found " + sequence)
                    .asRuntimeException();
        }
        double loss;
        io.privtune.split.train.GradMode.off();
        synchronized (Engine.class) { // dropout draws from the engine's global seed: one session's step at a time
            Engine.getInstance().setRandomSeed((int) (seed * 1_000_003L + lastApplied));
            loss = cloud.trainStep(new DeviceSide.Upload(representations, new double[0], 0), batch, labels);
        }
        lastApplied = sequence;
        appliedThisProcess.add(sequence);
        if (lastApplied % Math.max(1, settings.getCheckpointEvery()) == 0 || lastApplied == settings.getTotalSteps()) {
            save();
        }
        return loss;
    }

    synchronized float learningRate() {
        return schedule.at(lastApplied);
    }

    synchronized long[] evaluate(float[] representations, PaddedBatch batch, int[] labels, double[] lossSum) {
        io.privtune.split.train.GradMode.off();
        return cloud.predict(new DeviceSide.Upload(representations, new double[0], 0), batch, labels, lossSum);
    }

    synchronized long save() {
        Checkpoint.save(checkpoint, identity, top, optimizer, new Checkpoint.Position(0, 0, 0, lastApplied));
        return lastApplied;
    }

    @Override
    public void close() {
        top.close();
    }
}
