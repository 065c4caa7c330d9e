package io.privtune.split.attack;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.privtune.core.io.SafetensorsException;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.SafetensorsWriter;
import io.privtune.core.progress.ProgressListener;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The attacker's learner for every trained attack: a DJL MLP (features → hidden → classes, ReLU) or,
 * with no hidden layer, logistic regression. Softmax cross-entropy for one label per example, sigmoid
 * cross-entropy for multi-label targets. Features are standardised with the training set's statistics,
 * mini-batches are drawn in a seeded order, and the weights start from a seeded initialisation, so an
 * attack's result is reproducible.
 */
public final class MlpClassifier implements AutoCloseable {
    /** How an attack trains its learner. {@code hidden = 0}: logistic regression. */
    public record Config(int hidden, int epochs, int batchSize, float learningRate, long seed) {
        public Config {
            if (hidden < 0 || epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException(
                        "classifier: need hidden >= 0, epochs >= 1, batch >= 1, learning rate > 0; found " + hidden
                                + ", " + epochs + ", " + batchSize + ", " + learningRate);
            }
        }
    }

    private static final int PREDICT_CHUNK = 2048;
    private static final String TAG = "mlp classifier";

    private final Model model;
    private final Trainer trainer;
    private final Config config;
    private final int features;
    private final int classes;
    private final boolean multiLabel;
    private final float[] mean;
    private final float[] scale;
    private int skippedBatches;

    private MlpClassifier(
            Model model,
            Trainer trainer,
            Config config,
            int features,
            int classes,
            boolean multiLabel,
            float[] mean,
            float[] scale) {
        this.model = model;
        this.trainer = trainer;
        this.config = config;
        this.features = features;
        this.classes = classes;
        this.multiLabel = multiLabel;
        this.mean = mean;
        this.scale = scale;
    }

    /** One label in [0, classes) per row of {@code x} (n x features, row-major). */
    public static MlpClassifier trainSingleLabel(
            float[] x, int features, int[] labels, int classes, Config config, ProgressListener progress) {
        return train(x, features, targets(labels, classes), classes, false, config, progress);
    }

    /** A 0/1 target per class per row: n x classes, row-major. */
    public static MlpClassifier trainMultiLabel(
            float[] x, int features, float[] targets, int classes, Config config, ProgressListener progress) {
        return train(x, features, targets, classes, true, config, progress);
    }

    /**
     * A classifier trained under early stopping, the epoch (1-based) whose weights it kept, and the held-out top-1
     * accuracy after each epoch that ran (NaN without a held-out set).
     */
    public record Trained(MlpClassifier model, int keptEpoch, double[] heldOutScores) {}

    /**
     * One label per row, trained under {@code budget} ({@code config.epochs()} is not used): epoch e (0-based) trains on
     * {@code epochRows.apply(e)}, the same rows, labels and order as {@code x} (which is epoch 0's and sets the
     * standardisation), drawn afresh, e.g. a fresh noise release per epoch ({@code e -> x}: the same rows every epoch).
     * After each epoch the top-1 accuracy on the held-out rows decides whether to go on. A held-out label of -1 is a
     * class the model cannot name (a token absent from the training rows): always a miss, as it is for the attack.
     */
    public static Trained trainSingleLabel(
            float[] x,
            java.util.function.IntFunction<float[]> epochRows,
            int features,
            int[] labels,
            int classes,
            float[] heldOutX,
            int[] heldOutLabels,
            Config config,
            TrainingBudget budget,
            ProgressListener progress) {
        if (heldOutX.length != (long) heldOutLabels.length * features) {
            throw new IllegalArgumentException("classifier: " + heldOutX.length / Math.max(1, features)
                    + " held-out rows but " + heldOutLabels.length + " held-out labels");
        }
        if (budget.heldOut() > 0 && heldOutLabels.length == 0) {
            throw new IllegalArgumentException("classifier: early stopping needs held-out rows, found none");
        }
        float[] targets = targets(labels, classes);
        MlpClassifier classifier = create(x, features, targets, classes, false, config);
        try {
            int n = x.length / features;
            int batches = (n + config.batchSize() - 1) / config.batchSize();
            long total = (long) batches * budget.maxEpochs();
            SplittableRandom random = new SplittableRandom(config.seed());
            List<NDArray> weights = classifier.weights();
            float[][][] best = new float[1][][];
            EarlyStopping.Outcome outcome = EarlyStopping.run(budget, new EarlyStopping.Learner() {
                @Override
                public double epoch(int epoch) {
                    float[] rows = epoch == 0 ? x : epochRows.apply(epoch);
                    if (rows.length != x.length) {
                        throw new IllegalArgumentException("classifier: epoch " + epoch + " gave "
                                + rows.length / features + " rows, epoch 0 had " + n);
                    }
                    classifier.fitEpoch(
                            rows,
                            n,
                            targets,
                            1,
                            config,
                            random,
                            (done, all) -> progress.advance((long) epoch * batches + done, total));
                    return classifier.accuracy(heldOutX, heldOutLabels);
                }

                @Override
                public void keep() {
                    best[0] = EarlyStopping.copy(weights);
                }

                @Override
                public void restore() {
                    EarlyStopping.paste(weights, best[0]);
                }
            });
            return new Trained(classifier, outcome.keptEpoch(), outcome.scores());
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /** Top-1 accuracy on labelled rows (a label of -1 is always a miss); NaN for none. */
    public double accuracy(float[] x, int[] labels) {
        if (labels.length == 0) {
            return Double.NaN;
        }
        int[] top = topClasses(x, 1);
        int hits = 0;
        for (int i = 0; i < labels.length; i++) {
            hits += top[i] == labels[i] ? 1 : 0;
        }
        return (double) hits / labels.length;
    }

    private static float[] targets(int[] labels, int classes) {
        for (int label : labels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("classifier: label " + label + " outside [0, " + classes + ")");
            }
        }
        float[] targets = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            targets[i] = labels[i];
        }
        return targets;
    }

    private static MlpClassifier train(
            float[] x,
            int features,
            float[] targets,
            int classes,
            boolean multiLabel,
            Config config,
            ProgressListener progress) {
        MlpClassifier classifier = create(x, features, targets, classes, multiLabel, config);
        try {
            classifier.fit(x, x.length / features, targets, multiLabel ? classes : 1, config, progress);
            return classifier;
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /** The initialised, untrained classifier, standardising with {@code x}'s statistics. */
    private static MlpClassifier create(
            float[] x, int features, float[] targets, int classes, boolean multiLabel, Config config) {
        int n = checkedRows(x, features);
        int perRow = multiLabel ? classes : 1;
        if (targets.length != (long) n * perRow) {
            throw new IllegalArgumentException(
                    "classifier: " + n + " examples but " + targets.length / perRow + " targets");
        }
        if (n == 0 || classes < 2 && !multiLabel) {
            throw new IllegalArgumentException(
                    "classifier: need at least one example and two classes, found " + n + " and " + classes);
        }
        float[][] stats = standardisation(x, n, features);
        return build(features, classes, multiLabel, stats[0], stats[1], config);
    }

    /** The initialised classifier over standardised features: trained weights come after. */
    private static MlpClassifier build(
            int features, int classes, boolean multiLabel, float[] mean, float[] scale, Config config) {
        SequentialBlock net = new SequentialBlock();
        if (config.hidden() > 0) {
            net.add(Linear.builder().setUnits(config.hidden()).build()).add(Activation.reluBlock());
        }
        net.add(Linear.builder().setUnits(classes).build());
        Model model = Model.newInstance("attacker", "PyTorch");
        model.setBlock(net);
        Loss loss = multiLabel ? Loss.sigmoidBinaryCrossEntropyLoss() : Loss.softmaxCrossEntropyLoss();
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed(config.learningRate()))
                        .build());
        Trainer trainer = model.newTrainer(trainingConfig);
        MlpClassifier classifier =
                new MlpClassifier(model, trainer, config, features, classes, multiLabel, mean, scale);
        try {
            Engine.getInstance().setRandomSeed((int) config.seed());
            trainer.initialize(new Shape(1, features));
            return classifier;
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    private void fit(float[] x, int n, float[] targets, int perRow, Config config, ProgressListener progress) {
        SplittableRandom random = new SplittableRandom(config.seed());
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        long total = (long) batches * config.epochs();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            long before = (long) epoch * batches;
            fitEpoch(x, n, targets, perRow, config, random, (done, all) -> progress.advance(before + done, total));
        }
    }

    /** One pass in a fresh seeded order; progress counts this epoch's batches. */
    private void fitEpoch(
            float[] x,
            int n,
            float[] targets,
            int perRow,
            Config config,
            SplittableRandom random,
            ProgressListener progress) {
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        NDManager root = trainer.getManager();
        int[] order = io.privtune.split.train.PrivateFineTuner.shuffled(n, random);
        for (int b = 0; b < batches; b++) {
            int from = b * config.batchSize();
            int to = Math.min(n, from + config.batchSize());
            float[] xb = new float[(to - from) * features];
            float[] yb = new float[(to - from) * perRow];
            for (int i = from; i < to; i++) {
                System.arraycopy(x, order[i] * features, xb, (i - from) * features, features);
                System.arraycopy(targets, order[i] * perRow, yb, (i - from) * perRow, perRow);
            }
            try (NDManager scope = root.newSubManager()) {
                NDArray input = standardised(scope, xb, to - from);
                NDArray label = multiLabel
                        ? scope.create(yb, new Shape(to - from, perRow))
                        : scope.create(yb, new Shape(to - from));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predicted = trainer.forward(new NDList(input));
                    NDArray value = trainer.getLoss().evaluate(new NDList(label), predicted);
                    collector.backward(value);
                }
                step();
            }
            progress.advance(b + 1, batches);
        }
    }

    /**
     * {@code trainer.step()}, except for a batch that DJL's one-time gradient check refuses. That check (until it first
     * passes) throws when the sum of all gradients is exactly 0f, to catch a forgotten backward(). But a softmax layer's
     * gradients sum to zero in exact arithmetic (Σ_c (p_c − y_c) = 0 per row), so a model without a hidden layer
     * (attribute-bow's logistic regression) lands on 0f by rounding now and then, and always on a batch whose features
     * are all constant. Such a batch is skipped, its gradients cleared, instead of ending the attack; a model whose every
     * batch is skipped keeps its initial, constant guess, which is what features without information support.
     */
    private void step() {
        try {
            trainer.step();
        } catch (IllegalStateException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith(DJL_ZERO_GRADIENT_SUM)) {
                throw e;
            }
            for (NDArray w : weights()) { // PyTorch accumulates: the next batch must not add to these
                try (NDArray gradient = w.getGradient()) { // a fresh handle on the gradient, as in AdamW.update
                    gradient.subi(gradient);
                }
            }
            skippedBatches++;
        }
    }

    /** The start of the message of DJL's gradient check (ai.djl.training.Trainer, 0.36). */
    static final String DJL_ZERO_GRADIENT_SUM = "Gradient values are all zeros";

    /** Batches whose step was skipped because their gradients summed to exactly zero ({@link #step}). */
    public int skippedBatches() {
        return skippedBatches;
    }

    /** Class scores (logits) for each row, n x classes row-major. */
    public float[] scores(float[] x) {
        float[] out = new float[checkedRows(x, features) * classes];
        inChunks(
                x,
                (from, rows, logits) ->
                        System.arraycopy(logits.toFloatArray(), 0, out, from * classes, rows * classes));
        return out;
    }

    /** The {@code k} highest-scoring classes per row, best first: n x k. */
    public int[] topClasses(float[] x, int k) {
        int[] out = new int[checkedRows(x, features) * k];
        inChunks(x, (from, rows, logits) -> {
            long[] top = logits.topK(k, -1, true, true).get(1).toLongArray();
            for (int i = 0; i < top.length; i++) {
                out[from * k + i] = (int) top[i];
            }
        });
        return out;
    }

    private interface ChunkLogits {
        void accept(int from, int rows, NDArray logits);
    }

    /** Evaluates the model on {@value #PREDICT_CHUNK} rows at a time, so memory stays bounded for any n. */
    private void inChunks(float[] x, ChunkLogits consumer) {
        int n = checkedRows(x, features);
        for (int from = 0; from < n; from += PREDICT_CHUNK) {
            int rows = Math.min(PREDICT_CHUNK, n - from);
            float[] chunk = java.util.Arrays.copyOfRange(x, from * features, (from + rows) * features);
            try (NDManager scope = trainer.getManager().newSubManager()) {
                consumer.accept(
                        from,
                        rows,
                        trainer.evaluate(new NDList(standardised(scope, chunk, rows)))
                                .singletonOrThrow());
            }
        }
    }

    public int features() {
        return features;
    }

    public int classes() {
        return classes;
    }

    public boolean multiLabel() {
        return multiLabel;
    }

    private NDArray standardised(NDManager scope, float[] rows, int n) {
        float[] copy = new float[rows.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features; j++) {
                copy[i * features + j] = (rows[i * features + j] - mean[j]) * scale[j];
            }
        }
        return scope.create(copy, new Shape(n, features));
    }

    private static float[][] standardisation(float[] x, int n, int features) {
        double[] sum = new double[features];
        double[] squares = new double[features];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features; j++) {
                float v = x[i * features + j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("classifier: feature " + j + " of example " + i + " is " + v);
                }
                sum[j] += v;
                squares[j] += (double) v * v;
            }
        }
        float[] mean = new float[features];
        float[] scale = new float[features];
        for (int j = 0; j < features; j++) {
            double mu = sum[j] / n;
            double variance = Math.max(0, squares[j] / n - mu * mu);
            mean[j] = (float) mu;
            scale[j] = variance > 1e-12 ? (float) (1 / Math.sqrt(variance)) : 1f;
        }
        return new float[][] {mean, scale};
    }

    private static int checkedRows(float[] x, int features) {
        if (features < 1 || x.length % features != 0) {
            throw new IllegalArgumentException(
                    "classifier: " + x.length + " floats is not a whole number of " + features + "-feature rows");
        }
        return x.length / features;
    }

    /**
     * Adds what {@link #load} needs to rebuild this classifier exactly, as tensors named {@code prefix}: its shape,
     * standardisation and weights.
     */
    public void save(SafetensorsWriter out, String prefix) {
        SavedTensors.writeKind(out, prefix, TAG);
        out.addI32(prefix + "features", new int[] {features});
        out.addI32(prefix + "classes", new int[] {classes});
        out.addI32(prefix + "multi-label", new int[] {multiLabel ? 1 : 0});
        out.addI32(prefix + "hidden", new int[] {config.hidden()});
        out.addI32(prefix + "epochs", new int[] {config.epochs()});
        out.addI32(prefix + "batch-size", new int[] {config.batchSize()});
        out.addF32(prefix + "learning-rate", new float[] {config.learningRate()});
        out.addI64(prefix + "seed", new long[] {config.seed()});
        out.addF32(prefix + "mean", mean, features);
        out.addF32(prefix + "scale", scale, features);
        SavedTensors.writeWeights(out, prefix, weights());
    }

    /** A classifier saved by {@link #save}; it scores every row as the saved one did. */
    public static MlpClassifier load(SafetensorsFile in, String prefix) {
        SavedTensors.readKind(in, prefix, TAG);
        int features = SavedTensors.readInt(in, prefix + "features");
        int classes = SavedTensors.readInt(in, prefix + "classes");
        int multiLabel = SavedTensors.readInt(in, prefix + "multi-label");
        if (features < 1 || classes < 1 || multiLabel >>> 1 != 0) {
            throw new SafetensorsException(
                    in.fileName(),
                    TAG + ": " + features + " features, " + classes + " classes, multi-label " + multiLabel);
        }
        Config config;
        try {
            config = new Config(
                    SavedTensors.readInt(in, prefix + "hidden"),
                    SavedTensors.readInt(in, prefix + "epochs"),
                    SavedTensors.readInt(in, prefix + "batch-size"),
                    SavedTensors.readFloat(in, prefix + "learning-rate"),
                    SavedTensors.readLong(in, prefix + "seed"));
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(in.fileName(), TAG + ": " + e.getMessage(), e);
        }
        float[] mean = SavedTensors.readFloats(in, prefix + "mean", features);
        float[] scale = SavedTensors.readFloats(in, prefix + "scale", features);
        MlpClassifier classifier = build(features, classes, multiLabel == 1, mean, scale, config);
        try {
            SavedTensors.readWeights(in, prefix, classifier.weights());
            return classifier;
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    private List<NDArray> weights() {
        return model.getBlock().getParameters().values().stream()
                .map(ai.djl.nn.Parameter::getArray)
                .toList();
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
