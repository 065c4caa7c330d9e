package io.privtune.split.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.privtune.core.io.SafetensorsException;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.SafetensorsWriter;
import io.privtune.core.progress.ProgressListener;
import io.privtune.split.train.AdamW;
import io.privtune.split.train.GradMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The contextual inversion attack (docs/DESIGN.md §4, EIA 2, the SIP/BiSR family): a sequence model reads the whole
 * uploaded sequence and a softmax over the vocabulary at every position names its token. The sequence model is a
 * one-layer BiLSTM ({@link BiLstmEncoder}) or a small transformer encoder ({@link TransformerEncoder}). Noise that
 * hides a token's own row leaves its neighbours, and the language's regularities, to the attacker; a per-token model
 * cannot use them. Like {@link InversionModelAttack} it is naive or adaptive by what it trains on, and its output
 * covers the tokens of the attacker's training texts.
 *
 * <p>Padding is masked exactly (each encoder says how), so no real position ever sees a padded one. [CLS], [SEP] and
 * the like are read as context but neither trained on nor attacked. Texts are batched by length, so padding costs
 * little.
 */
public final class ContextualInversionAttack implements AutoCloseable {
    /** How the model reads the whole sequence: a BiLSTM (the default) or a small transformer encoder. */
    public enum Architecture {
        BILSTM("bilstm", 0),
        TRANSFORMER("transformer", 1);

        private final String label;
        private final int code;

        Architecture(String label, int code) {
            this.label = label;
            this.code = code;
        }

        /** Its name on the command line, in grid files and in saved models. */
        public String label() {
            return label;
        }

        /** Every architecture's name, in order. */
        public static List<String> labels() {
            return Arrays.stream(values()).map(Architecture::label).toList();
        }

        /** The architecture named {@code label}, or an error that lists the names. */
        public static Architecture of(String label) {
            for (Architecture a : values()) {
                if (a.label.equals(label)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("contextual inversion: expected the model "
                    + String.join(" or ", labels()) + ", found '" + label + "'");
        }
    }

    /**
     * The model's architecture, size and optimiser: LSTM state per direction or the transformer's width, texts per
     * batch, Adam's learning rate.
     */
    public record Config(int hidden, int batchTexts, float learningRate, Architecture architecture) {
        public static final int BATCH_TEXTS = 32;
        public static final float LEARNING_RATE = 2e-3f;
        /** The transformer's heads: its width must divide by them. */
        public static final int TRANSFORMER_HEADS = TransformerEncoder.HEADS;
        /** The transformer's: a smaller step than the LSTM's, as it has no warm-up. */
        public static final float TRANSFORMER_LEARNING_RATE = 1e-3f;

        public Config {
            if (hidden < 1 || batchTexts < 1 || !(learningRate > 0) || architecture == null) {
                throw new IllegalArgumentException("contextual inversion: need hidden >= 1, batch >= 1, a learning "
                        + "rate > 0 and an architecture; found " + hidden + ", " + batchTexts + ", " + learningRate
                        + ", " + architecture);
            }
            if (architecture == Architecture.TRANSFORMER && hidden % TRANSFORMER_HEADS != 0) {
                throw new IllegalArgumentException(
                        "contextual inversion: the transformer's width (--contextual-hidden, attacks.contextual-hidden) "
                                + "must divide by its " + TRANSFORMER_HEADS + " heads; found " + hidden);
            }
        }

        /** A BiLSTM. */
        public Config(int hidden, int batchTexts, float learningRate) {
            this(hidden, batchTexts, learningRate, Architecture.BILSTM);
        }

        /** A BiLSTM of {@code hidden} with the default batch and learning rate. */
        public static Config of(int hidden) {
            return of(Architecture.BILSTM, hidden);
        }

        /** {@code architecture} of size {@code hidden} with the default batch and its learning rate. */
        public static Config of(Architecture architecture, int hidden) {
            return new Config(
                    hidden,
                    BATCH_TEXTS,
                    architecture == Architecture.TRANSFORMER ? TRANSFORMER_LEARNING_RATE : LEARNING_RATE,
                    architecture);
        }

        /** The model in a report's words. */
        public String words() {
            return architecture == Architecture.TRANSFORMER
                    ? TransformerEncoder.LAYERS + "-layer, " + TransformerEncoder.HEADS
                            + "-head pre-norm transformer of width " + hidden + " over the whole upload"
                    : "BiLSTM over the whole upload, hidden " + hidden + " per direction";
        }

        /**
         * As a record's, but a BiLSTM's names no architecture: stored naive attackers are found by this text, and those
         * saved before the transformer existed are BiLSTMs.
         */
        @Override
        public String toString() {
            return "Config[hidden=" + hidden + ", batchTexts=" + batchTexts + ", learningRate=" + learningRate
                    + (architecture == Architecture.BILSTM ? "" : ", architecture=" + architecture.label()) + "]";
        }
    }

    private static final String TAG = "contextual inversion model";

    private final NDManager manager;
    private final ParameterStore store;
    private final SequenceEncoder encoder;
    private final Linear head;
    private final List<NDArray> weights;
    private final Standardisation standardisation;
    private final int dim;
    private final int[] classToToken;
    private final Config config;
    private int keptEpoch;

    /** Per-feature mean and scale of the attacker's training rows, applied to every input. */
    private record Standardisation(float[] mean, float[] scale) {
        static Standardisation of(float[] x, int dim) {
            int n = x.length / dim;
            double[] sum = new double[dim];
            double[] squares = new double[dim];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < dim; j++) {
                    float v = x[i * dim + j];
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException(
                                "contextual inversion: feature " + j + " of row " + i + " is " + v);
                    }
                    sum[j] += v;
                    squares[j] += (double) v * v;
                }
            }
            float[] mean = new float[dim];
            float[] scale = new float[dim];
            for (int j = 0; j < dim; j++) {
                double mu = sum[j] / Math.max(1, n);
                double variance = Math.max(0, squares[j] / Math.max(1, n) - mu * mu);
                mean[j] = (float) mu;
                scale[j] = variance > 1e-12 ? (float) (1 / Math.sqrt(variance)) : 1f;
            }
            return new Standardisation(mean, scale);
        }
    }

    /** Texts as the attack reads them: rows n x d, the true ids and special flags per row, text s = rows offsets[s]..offsets[s+1]. */
    public record Texts(float[] rows, int[] ids, boolean[] special, int[] offsets, int dim) {
        public Texts {
            if (dim < 1
                    || offsets.length < 2
                    || offsets[0] != 0
                    || offsets[offsets.length - 1] != ids.length
                    || special.length != ids.length
                    || rows.length != (long) ids.length * dim) {
                throw new IllegalArgumentException("contextual inversion: inconsistent texts: " + rows.length
                        + " floats, " + ids.length + " ids, " + special.length + " special flags, offsets from "
                        + offsets[0] + " to " + offsets[offsets.length - 1] + ", d = " + dim);
            }
        }

        int texts() {
            return offsets.length - 1;
        }

        int length(int s) {
            return offsets[s + 1] - offsets[s];
        }
    }

    private ContextualInversionAttack(
            int dim, Config config, int[] classToToken, Standardisation standardisation, long seed) {
        this.config = config;
        this.manager = NDManager.newBaseManager("PyTorch");
        this.store = new ParameterStore(manager, false);
        this.dim = dim;
        this.classToToken = classToToken;
        this.standardisation = standardisation;
        Engine.getInstance().setRandomSeed((int) seed);
        this.encoder = config.architecture() == Architecture.TRANSFORMER
                ? new TransformerEncoder(manager, dim, config.hidden())
                : new BiLstmEncoder(manager, dim, config.hidden());
        this.head = Linear.builder().setUnits(Math.max(2, classToToken.length)).build();
        head.initialize(manager, DataType.FLOAT32, new Shape(1, dim + encoder.width()));
        List<Block> blocks = new ArrayList<>(encoder.blocks());
        blocks.add(head);
        List<NDArray> all = new ArrayList<>();
        for (Block block : blocks) {
            for (Parameter p : block.getParameters().values()) {
                p.getArray().setRequiresGradient(true);
                all.add(p.getArray());
            }
        }
        this.weights = all;
    }

    /**
     * Trains on the attacker's texts under {@code budget}: a held-out share of them scores each epoch (top-1 over their
     * non-special tokens) and the best epoch's weights are kept ({@link #keptEpoch()}).
     */
    public static ContextualInversionAttack train(
            Texts texts, Config config, TrainingBudget budget, long seed, ProgressListener progress) {
        return train(texts, release -> texts.rows(), config, budget, seed, progress);
    }

    /**
     * As above, but epoch e &ge; 1 (0-based) trains on {@code releases.apply(e)} as the rows of {@code texts}: the
     * attacker's texts as release e of the mechanism, so that an adaptive attacker sees fresh noise every epoch instead
     * of learning one draw of it. Release 0 is {@code texts}' own rows (release 0 is never asked for); the held-out texts
     * are scored in it, and the inputs are standardised by it.
     */
    public static ContextualInversionAttack train(
            Texts texts,
            IntFunction<float[]> releases,
            Config config,
            TrainingBudget budget,
            long seed,
            ProgressListener progress) {
        GradMode.off(); // this thread may be new: PyTorch's grad mode would make AdamW's in-place updates fail
        SentenceSplit split = SentenceSplit.of(texts.offsets(), budget.heldOut(), seed);
        List<Integer> training = new ArrayList<>();
        List<Integer> heldOut = new ArrayList<>();
        for (int s = 0; s < texts.texts(); s++) {
            (split.heldOut()[s] ? heldOut : training).add(s);
        }
        int[] tokens = Arrays.stream(texts.ids())
                .filter(id -> id >= 0)
                .distinct()
                .sorted()
                .toArray();
        int[] tokenToClass = new int[tokens.length == 0 ? 0 : tokens[tokens.length - 1] + 1];
        Arrays.fill(tokenToClass, -1);
        int classes = 0;
        int[] classToToken = new int[tokens.length];
        float[] trainingRows = new float[0];
        int rows = 0;
        for (int s : training) {
            rows += texts.length(s);
        }
        trainingRows = new float[rows * texts.dim()];
        int at = 0;
        for (int s : training) {
            for (int i = texts.offsets()[s]; i < texts.offsets()[s + 1]; i++) {
                if (!texts.special()[i] && tokenToClass[texts.ids()[i]] < 0) {
                    classToToken[classes] = texts.ids()[i];
                    tokenToClass[texts.ids()[i]] = classes++;
                }
            }
            int n = texts.length(s) * texts.dim();
            System.arraycopy(texts.rows(), texts.offsets()[s] * texts.dim(), trainingRows, at, n);
            at += n;
        }
        if (classes == 0) {
            throw new IllegalArgumentException(
                    "contextual inversion: the attacker's text has no non-special tokens to learn from");
        }
        ContextualInversionAttack model = new ContextualInversionAttack(
                texts.dim(),
                config,
                Arrays.copyOf(classToToken, classes),
                Standardisation.of(trainingRows, texts.dim()),
                seed);
        try {
            model.keptEpoch = model.fit(texts, releases, training, heldOut, budget, seed, progress);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private int fit(
            Texts texts,
            IntFunction<float[]> releases,
            List<Integer> training,
            List<Integer> heldOut,
            TrainingBudget budget,
            long seed,
            ProgressListener progress) {
        int[][] batches = byLength(texts, training);
        long total = (long) batches.length * budget.maxEpochs();
        AdamW adam = new AdamW(weights, 0f);
        SplittableRandom random = new SplittableRandom(seed);
        int[] classOf = classOf();
        float[][][] best = new float[1][][];
        EarlyStopping.Outcome outcome = EarlyStopping.run(budget, new EarlyStopping.Learner() {
            @Override
            public double epoch(int epoch) {
                Texts release = epoch == 0 ? texts : release(texts, releases.apply(epoch), epoch);
                int[] order = io.privtune.split.train.PrivateFineTuner.shuffled(batches.length, random);
                for (int b = 0; b < batches.length; b++) {
                    step(release, batches[order[b]], classOf, adam);
                    progress.advance((long) epoch * batches.length + b + 1, total);
                }
                if (heldOut.isEmpty()) {
                    return Double.NaN;
                }
                Tally tally = tally(texts, heldOut);
                return (double) tally.top1 / Math.max(1, tally.attacked);
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
        return outcome.keptEpoch();
    }

    /** {@code texts} with the rows of release {@code epoch}, refused by name when they are not the same size. */
    private static Texts release(Texts texts, float[] rows, int epoch) {
        if (rows == texts.rows()) { // one release every epoch
            return texts;
        }
        if (rows.length != texts.rows().length) {
            throw new IllegalArgumentException("contextual inversion: release " + epoch + " has " + rows.length
                    + " values, release 0 had " + texts.rows().length);
        }
        return new Texts(rows, texts.ids(), texts.special(), texts.offsets(), texts.dim());
    }

    /** One Adam step on a batch of texts: mean cross-entropy over their non-special positions. */
    private void step(Texts texts, int[] batch, int[] classOf, AdamW adam) {
        try (NDManager scope = manager.newSubManager()) {
            Batch b = Batch.of(texts, batch, standardisation, classOf, scope);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = logits(b, true);
                NDArray picked = logits.logSoftmax(-1)
                        .gather(b.labels().expandDims(-1), -1)
                        .squeeze(-1);
                // an array of the scope, not div(Number): see GradientAfterCollectionTest
                NDArray loss = picked.mul(b.weight()).sum().div(scope.create(-Math.max(1f, b.counted())));
                collector.backward(loss);
            }
            adam.update(config.learningRate());
        }
    }

    /** B x L x classes: the head over [input, the encoder's context features] at every position. */
    private NDArray logits(Batch b, boolean training) {
        NDArray context = encoder.encode(store, b.input(), b.reverse(), b.present(), training);
        return head.forward(store, new NDList(b.input().concat(context, -1)), training)
                .singletonOrThrow();
    }

    /**
     * One padded batch: input B x L x d, the reversal within each text's length, which positions hold the text, labels
     * and their weights.
     */
    private record Batch(
            NDArray input,
            NDArray reverse,
            NDArray present,
            NDArray labels,
            NDArray weight,
            int counted,
            int[] texts,
            int length) {
        static Batch of(Texts texts, int[] batch, Standardisation st, int[] classOf, NDManager scope) {
            int d = texts.dim();
            int length = 0;
            for (int s : batch) {
                length = Math.max(length, texts.length(s));
            }
            int bs = batch.length;
            float[] x = new float[bs * length * d];
            float[] reverse = new float[bs * length * length];
            float[] present = new float[bs * length];
            long[] labels = new long[bs * length];
            float[] weight = new float[bs * length];
            int counted = 0;
            for (int b = 0; b < bs; b++) {
                int from = texts.offsets()[batch[b]];
                int n = texts.length(batch[b]);
                for (int t = 0; t < n; t++) {
                    int row = from + t;
                    int base = (b * length + t) * d;
                    for (int j = 0; j < d; j++) {
                        x[base + j] = (texts.rows()[row * d + j] - st.mean()[j]) * st.scale()[j];
                    }
                    reverse[(b * length + t) * length + (n - 1 - t)] = 1f;
                    present[b * length + t] = 1f;
                    int id = texts.ids()[row];
                    int cls = texts.special()[row] || id < 0 || id >= classOf.length ? -1 : classOf[id];
                    if (cls >= 0) {
                        labels[b * length + t] = cls;
                        weight[b * length + t] = 1f;
                        counted++;
                    }
                }
            }
            return new Batch(
                    scope.create(x, new Shape(bs, length, d)),
                    scope.create(reverse, new Shape(bs, length, length)),
                    scope.create(present, new Shape(bs, length)),
                    scope.create(labels, new Shape(bs, length)),
                    scope.create(weight, new Shape(bs, length)),
                    counted,
                    batch,
                    length);
        }
    }

    /** Texts grouped into batches of similar length: shortest first, {@code batchTexts} at a time. */
    private int[][] byLength(Texts texts, List<Integer> which) {
        int size = config.batchTexts();
        int[] sorted = which.stream()
                .sorted(java.util.Comparator.comparingInt(texts::length).thenComparing(s -> s))
                .mapToInt(Integer::intValue)
                .toArray();
        int[][] out = new int[(sorted.length + size - 1) / size][];
        for (int b = 0; b < out.length; b++) {
            out[b] = Arrays.copyOfRange(sorted, b * size, Math.min(sorted.length, (b + 1) * size));
        }
        return out;
    }

    private int[] classOf() {
        int max = Arrays.stream(classToToken).max().orElse(-1);
        int[] out = new int[max + 1];
        Arrays.fill(out, -1);
        for (int c = 0; c < classToToken.length; c++) {
            out[classToToken[c]] = c;
        }
        return out;
    }

    private record Tally(int attacked, int top1, int top5, boolean[] top1Hits, boolean[] top5Hits) {}

    /**
     * Top-1 and top-5 hits over the non-special tokens of the given texts; the hit arrays follow the texts in
     * {@code which}'s order (batches run by length), each text's tokens in order.
     */
    private Tally tally(Texts texts, List<Integer> which) {
        GradMode.off();
        Map<Integer, Integer> firstHit = new HashMap<>();
        int total = 0;
        for (int s : which) {
            firstHit.put(s, total);
            int from = texts.offsets()[s];
            for (int t = 0; t < texts.length(s); t++) {
                total += texts.special()[from + t] ? 0 : 1;
            }
        }
        boolean[] top1Hits = new boolean[total];
        boolean[] top5Hits = new boolean[total];
        int attacked = 0, top1 = 0, top5 = 0;
        int k = Math.min(5, Math.max(2, classToToken.length));
        int[] none = new int[0];
        for (int[] batch : byLength(texts, which)) {
            try (NDManager scope = manager.newSubManager()) {
                Batch b = Batch.of(texts, batch, standardisation, none, scope);
                long[] top = logits(b, false).topK(k, -1, true, true).get(1).toLongArray();
                for (int i = 0; i < batch.length; i++) {
                    int from = texts.offsets()[batch[i]];
                    int hit = firstHit.get(batch[i]);
                    for (int t = 0; t < texts.length(batch[i]); t++) {
                        if (texts.special()[from + t]) {
                            continue;
                        }
                        attacked++;
                        int truth = texts.ids()[from + t];
                        for (int r = 0; r < k; r++) {
                            long cls = top[(i * b.length() + t) * k + r];
                            if (cls < classToToken.length && classToToken[(int) cls] == truth) {
                                top1Hits[hit] = r == 0;
                                top5Hits[hit] = true;
                                top1 += r == 0 ? 1 : 0;
                                top5++;
                                break;
                            }
                        }
                        hit++;
                    }
                }
            }
        }
        return new Tally(attacked, top1, top5, top1Hits, top5Hits);
    }

    /** Top-1 and top-5 recovery over the victim's non-special tokens, each text read as a whole. */
    public AttackRates attack(Texts victim) {
        if (victim.dim() != dim) {
            throw new IllegalArgumentException(
                    "contextual inversion: trained on d = " + dim + ", the upload has d = " + victim.dim());
        }
        List<Integer> all = new ArrayList<>();
        for (int s = 0; s < victim.texts(); s++) {
            all.add(s);
        }
        Tally tally = tally(victim, all);
        if (tally.attacked == 0) {
            throw new IllegalArgumentException("contextual inversion: no non-special tokens to attack");
        }
        return new AttackRates(
                tally.attacked,
                (double) tally.top1 / tally.attacked,
                (double) tally.top5 / tally.attacked,
                tally.top1Hits,
                tally.top5Hits);
    }

    /** Its architecture, size and optimiser. */
    Config config() {
        return config;
    }

    /** The epoch (1-based) whose weights the model kept. */
    public int keptEpoch() {
        return keptEpoch;
    }

    /** How many distinct tokens the model can name. */
    public int knownTokens() {
        return classToToken.length;
    }

    /** Adds the trained model as tensors named {@code prefix}, so that {@link #load} gives one that attacks exactly as this one. */
    public void save(SafetensorsWriter out, String prefix) {
        SavedTensors.writeKind(out, prefix, TAG);
        if (config.architecture() != Architecture.BILSTM) { // a BiLSTM's file is as before the transformer existed
            out.addI32(prefix + "architecture", new int[] {config.architecture().code});
        }
        out.addI32(prefix + "dim", new int[] {dim});
        out.addI32(prefix + "hidden", new int[] {config.hidden()});
        out.addI32(prefix + "batch-texts", new int[] {config.batchTexts()});
        out.addF32(prefix + "learning-rate", new float[] {config.learningRate()});
        out.addI32(prefix + "kept-epoch", new int[] {keptEpoch});
        out.addI32(prefix + "class-tokens", classToToken, classToToken.length);
        out.addF32(prefix + "mean", standardisation.mean(), dim);
        out.addF32(prefix + "scale", standardisation.scale(), dim);
        SavedTensors.writeWeights(out, prefix, weights);
    }

    /** A model saved by {@link #save}. */
    public static ContextualInversionAttack load(SafetensorsFile in, String prefix) {
        SavedTensors.readKind(in, prefix, TAG);
        int dim = SavedTensors.readInt(in, prefix + "dim");
        Config config;
        try {
            config = new Config(
                    SavedTensors.readInt(in, prefix + "hidden"),
                    SavedTensors.readInt(in, prefix + "batch-texts"),
                    SavedTensors.readFloat(in, prefix + "learning-rate"),
                    architecture(in, prefix));
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(in.fileName(), TAG + ": " + e.getMessage(), e);
        }
        int keptEpoch = SavedTensors.readInt(in, prefix + "kept-epoch");
        int[] classToToken = SavedTensors.readInts(in, prefix + "class-tokens");
        if (dim < 1 || classToToken.length == 0) {
            throw new SafetensorsException(
                    in.fileName(), TAG + ": d = " + dim + " with " + classToToken.length + " classes");
        }
        float[] mean = SavedTensors.readFloats(in, prefix + "mean", dim);
        float[] scale = SavedTensors.readFloats(in, prefix + "scale", dim);
        // the initialisation's seed does not matter: every weight is overwritten
        ContextualInversionAttack model =
                new ContextualInversionAttack(dim, config, classToToken, new Standardisation(mean, scale), 0);
        try {
            SavedTensors.readWeights(in, prefix, model.weights);
            model.keptEpoch = keptEpoch;
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The saved architecture: a tensor under the file's checksum, absent for a BiLSTM. */
    private static Architecture architecture(SafetensorsFile in, String prefix) {
        if (!in.tensors().containsKey(prefix + "architecture")) {
            return Architecture.BILSTM;
        }
        int code = SavedTensors.readInt(in, prefix + "architecture");
        for (Architecture a : Architecture.values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture code " + code);
    }

    @Override
    public void close() {
        manager.close();
    }
}
