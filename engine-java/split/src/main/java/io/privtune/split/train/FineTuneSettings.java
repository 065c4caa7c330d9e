package io.privtune.split.train;

import io.privtune.split.task.ClassificationTask;
import io.privtune.split.task.SquadTask;
import java.nio.file.Path;
import java.util.Map;

/**
 * One private fine-tuning run. The defaults (see {@link #defaults}) are the budget the project commits
 * to: all-MiniLM-L6-v2 split at m = 2 on a 2-core machine within 20 minutes.
 *
 * @param data         the task's data folder (e.g. ../shared/data/sst2; {@link ClassificationTask#defaultData})
 * @param trainSubset  training examples used (a seeded sample of the task's training split; 0 = all)
 * @param checkpointEvery optimiser steps between checkpoints (and one at each epoch end)
 * @param loraRank     0: train the whole top model; r > 0: LoRA adapters of rank r on query and value, top frozen
 * @param maxSteps     stop (with a checkpoint) after this many optimiser steps in this invocation; 0 = no limit
 * @param task         the classification task by name ({@link ClassificationTask#of}): sst2, fpb, blog-topic, ag-news;
 *                     or squad, extractive QA ({@link SquadTask}, run by {@code io.privtune.split.qa.QaFineTuner})
 */
public record FineTuneSettings(
        String model,
        int splitPoint,
        String mechanism,
        Map<String, String> mechanismParameters,
        Path data,
        int epochs,
        int batchSize,
        float learningRate,
        float warmupRatio,
        float weightDecay,
        float dropout,
        int maxLength,
        int trainSubset,
        int k,
        long seed,
        int loraRank,
        int checkpointEvery,
        int maxSteps,
        Path out,
        boolean resume,
        String task) {
    public FineTuneSettings {
        if (!SquadTask.NAME.equals(task)) {
            ClassificationTask.of(task); // an unknown task is refused here, with the known ones listed
        }
        positive("epochs", epochs);
        positive("batch size", batchSize);
        positive("k", k);
        positive("checkpoint interval", checkpointEvery);
        if (maxLength < 3) {
            throw new IllegalArgumentException("max length must be >= 3, found " + maxLength);
        }
        if (loraRank < 0) {
            throw new IllegalArgumentException("LoRA rank must be >= 0 (0 = full top), found " + loraRank);
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("max steps must be >= 0 (0 = no limit), found " + maxSteps);
        }
        if (trainSubset < 0) {
            throw new IllegalArgumentException("train subset must be >= 0 (0 = all), found " + trainSubset);
        }
        if (!(learningRate > 0)
                || !(warmupRatio >= 0 && warmupRatio <= 1)
                || !(dropout >= 0 && dropout < 1)
                || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(
                    "need learning rate > 0, warm-up ratio in [0, 1], dropout in [0, 1), weight decay >= 0");
        }
        mechanismParameters = Map.copyOf(mechanismParameters);
    }

    /** The settings of an SST-2 run: what callers written before tasks existed construct. */
    public FineTuneSettings(
            String model,
            int splitPoint,
            String mechanism,
            Map<String, String> mechanismParameters,
            Path data,
            int epochs,
            int batchSize,
            float learningRate,
            float warmupRatio,
            float weightDecay,
            float dropout,
            int maxLength,
            int trainSubset,
            int k,
            long seed,
            int loraRank,
            int checkpointEvery,
            int maxSteps,
            Path out,
            boolean resume) {
        this(
                model,
                splitPoint,
                mechanism,
                mechanismParameters,
                data,
                epochs,
                batchSize,
                learningRate,
                warmupRatio,
                weightDecay,
                dropout,
                maxLength,
                trainSubset,
                k,
                seed,
                loraRank,
                checkpointEvery,
                maxSteps,
                out,
                resume,
                "sst2");
    }

    /** The task these settings name. */
    public ClassificationTask classificationTask() {
        return ClassificationTask.of(task);
    }

    /** These settings for another task and its data folder. */
    public FineTuneSettings withTask(String task, Path data) {
        return new FineTuneSettings(
                model,
                splitPoint,
                mechanism,
                mechanismParameters,
                data,
                epochs,
                batchSize,
                learningRate,
                warmupRatio,
                weightDecay,
                dropout,
                maxLength,
                trainSubset,
                k,
                seed,
                loraRank,
                checkpointEvery,
                maxSteps,
                out,
                resume,
                task);
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, found " + value);
        }
    }

    public static FineTuneSettings defaults(Path data, Path out) {
        return new FineTuneSettings(
                "all-minilm-l6-v2",
                2,
                "none",
                Map.of(),
                data,
                1,
                32,
                1e-4f,
                0.1f,
                0.01f,
                0.1f,
                64,
                20000,
                16,
                0,
                0,
                200,
                0,
                out,
                false);
    }

    /** Settings from the defaults, changed by name: what code that embeds the library uses instead of the 20-field constructor. */
    public static Builder builder(Path data, Path out) {
        return new Builder(defaults(data, out));
    }

    /** Named changes to a {@link FineTuneSettings}; {@link #build} validates them all at once. */
    public static final class Builder {
        private final FineTuneSettings start;
        private String model;
        private int splitPoint;
        private String mechanism;
        private Map<String, String> mechanismParameters;
        private int trainSubset;
        private int epochs;
        private int batchSize;
        private int maxLength;
        private int loraRank;
        private long seed;
        private String task;

        private Builder(FineTuneSettings start) {
            this.start = start;
            this.model = start.model;
            this.splitPoint = start.splitPoint;
            this.mechanism = start.mechanism;
            this.mechanismParameters = start.mechanismParameters;
            this.trainSubset = start.trainSubset;
            this.epochs = start.epochs;
            this.batchSize = start.batchSize;
            this.maxLength = start.maxLength;
            this.loraRank = start.loraRank;
            this.seed = start.seed;
            this.task = start.task;
        }

        /** A bundled model id or a checkpoint folder, split after layer {@code splitPoint}. */
        public Builder model(String model, int splitPoint) {
            this.model = model;
            this.splitPoint = splitPoint;
            return this;
        }

        /** A mechanism by catalogue name with the parameters it overrides, e.g. ("privtune", {eta=100, kappa=0.7}). */
        public Builder mechanism(String name, Map<String, String> parameters) {
            this.mechanism = name;
            this.mechanismParameters = parameters;
            return this;
        }

        /** The budget: sampled training sentences (0 = all), epochs, batch size and maximum tokens per text. */
        public Builder budget(int trainSubset, int epochs, int batchSize, int maxLength) {
            this.trainSubset = trainSubset;
            this.epochs = epochs;
            this.batchSize = batchSize;
            this.maxLength = maxLength;
            return this;
        }

        /** 0 trains the whole top model; r > 0 trains rank-r LoRA adapters and the head. */
        public Builder lora(int rank) {
            this.loraRank = rank;
            return this;
        }

        /** The fine-tuning seed: training sample, top-model initialisation, dropout; never the noise. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The classification task by name (default sst2); the data folder given to the builder must be its own. */
        public Builder task(String task) {
            this.task = task;
            return this;
        }

        public FineTuneSettings build() {
            return new FineTuneSettings(
                    model,
                    splitPoint,
                    mechanism,
                    mechanismParameters,
                    start.data,
                    epochs,
                    batchSize,
                    start.learningRate,
                    start.warmupRatio,
                    start.weightDecay,
                    start.dropout,
                    maxLength,
                    trainSubset,
                    start.k,
                    seed,
                    loraRank,
                    start.checkpointEvery,
                    start.maxSteps,
                    start.out,
                    start.resume,
                    task);
        }
    }

    /**
     * What a checkpoint must agree on to be resumed: everything that changes the sequence of updates. The mechanism's
     * parameters are the ones in effect (the defaults with the overrides), so a changed default refuses a resume rather
     * than continuing a run under other noise.
     */
    public String identity() {
        String settings = String.join(
                "|",
                model,
                Integer.toString(splitPoint),
                mechanism,
                io.privtune.core.mechanism.MechanismParameters.defaults()
                        .with(mechanismParameters)
                        .identityMap()
                        .toString(),
                Integer.toString(epochs),
                Integer.toString(batchSize),
                Float.toString(learningRate),
                Float.toString(warmupRatio),
                Float.toString(weightDecay),
                Float.toString(dropout),
                Integer.toString(maxLength),
                Integer.toString(trainSubset),
                Integer.toString(k),
                Long.toString(seed),
                Integer.toString(loraRank));
        // SST-2 runs keep the identity they had before tasks existed, so their checkpoints still resume
        return task.equals("sst2") ? settings : settings + "|task " + task;
    }
}
