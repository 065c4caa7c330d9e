package io.privtune.split.experiment;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.model.CacheDirectory;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.split.attack.ShapeAwareKnn;
import io.privtune.split.data.LabelledText;
import io.privtune.split.internal.store.DictionaryStore;
import io.privtune.split.internal.store.JsonFile;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.ModelSource;
import io.privtune.split.model.TokenDictionary;
import io.privtune.split.task.SquadTask;
import io.privtune.split.task.TaskSplits;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import io.privtune.split.train.DeviceSide;
import io.privtune.split.train.MechanismSetup;
import io.privtune.split.train.NoiseSettings;
import io.privtune.split.train.PrivateFineTuner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the grid cell by cell: private fine-tuning for utility (PrivateFineTuner, in the cell's folder; QaFineTuner for
 * extractive QA, its exact match the cell's utility and its F1 a metric), then the six attacks on the same mechanism
 * and seed (for QA on the texts its device uploads for the evaluation questions, {@link QaTokenTexts}). With several seeds ({@link ExperimentSettings#runs}) each
 * run of a cell is a cell of its own (cells/ID_seed-K.json) with seed K for fine-tuning and the attackers'
 * training, and replicate K of the device's and the attacker's noise keys ({@link NoiseKey#replicate}), so a seed
 * run alone ({@code --seed K --seeds 1}) gets the noise it gets in a grid.
 * Each finished cell is written to cells/ID.json at once, and a cell's fine-tuning ({@link CellFineTuning}) checkpoints as it goes (a QA cell's only when done), so a stopped experiment resumes where it was;
 * stored cells of other settings are refused, never mixed in. The cells it computes come from a {@link CellQueue}:
 * all of them, or one shard's and then any unclaimed, when several processes share the results folder.
 */
public final class ExperimentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);
    /** A research run's attacker key comes from its own seed: it knows the mechanism and parameters, not the device's key. */
    private static final long ATTACKER_SEED_OFFSET = 0x5eed_a77acL;
    /** The cell metric holding the evaluation split's macro-F1 (accuracy is the cell's own field). */
    public static final String MACRO_F1 = "macro-f1";
    /** The cell metric holding the best constant guess's accuracy on the evaluation split ({@link Headline}'s floor). */
    public static final String MAJORITY_RATE = "majority-rate";
    /** The cell metric holding extractive QA's mean F1 (exact match is the cell's accuracy field). */
    public static final String QA_F1 = "f1";

    /** The results folder's subfolder of stored naive attackers ({@link NaiveAttackerStore}). */
    static final String NAIVE_ATTACKERS = "naive-attackers";

    private final ComputeBackend backend;
    private final Progress progress;

    public ExperimentRunner(ComputeBackend backend, Progress progress) {
        this.backend = backend;
        this.progress = progress;
    }

    /** @param noise the device's key in every cell (a research seed, or a secret key file shared by the cells) */
    public List<CellResult> run(ExperimentSettings s, NoiseSettings noise) {
        try (CellQueue queue = CellQueue.open(s, Shard.WHOLE, false)) {
            run(s, noise, queue);
        }
        return StoredCells.join(s, false);
    }

    /** Computes and stores the cells {@code queue} hands this process (a shard's, or all); cells others hold are left to them. */
    public void run(ExperimentSettings s, NoiseSettings noise, CellQueue queue) {
        // stored cells of other settings are refused before any work; a finished grid needs no model at all
        for (CellSpec cell : s.runs()) { // runs: with seeds, each seed's result file
            CellResult stored = stored(s, cell);
            if (stored != null) {
                logDone(stored);
            }
        }
        CellSpec first = queue.next();
        if (first == null) {
            return;
        }
        ModelSource source = ModelSource.resolve(s.model());
        source.requireSplitPoint(s.splitPoint());
        try (NDManager root = NDManager.newBaseManager("PyTorch");
                BottomModel bottom = new BottomModel(source.weights(), s.splitPoint(), root)) {
            int[] boundary;
            try (WordPieceTokenizer tokenizer = WordPieceTokenizer.openUncut(source.tokenizer())) {
                boundary = tokenizer.boundaryIds();
            }
            AttackCorpora corpora;
            java.util.function.LongFunction<CtiText> cti;
            if (s.extractiveQa()) {
                QaTokenTexts.Chosen chosen =
                        QaTokenTexts.choose(SquadTask.load(s.data()), s, source.tokenizer(), progress);
                corpora = AttackCorpora.prepare(
                        chosen.tokens(),
                        chosen.victimSeen(),
                        AttributeCorpus.trustpilot(s.trustpilot()),
                        s.attacks(),
                        s.seed(),
                        source.tokenizer(),
                        bottom,
                        progress);
                cti = runSeed -> CtiText.NONE; // QA has no classes: its cells never need CTI (ExperimentSettings)
            } else {
                TaskSplits splits = s.classificationTask().load(s.data());
                List<LabelledText> taskTrain = splits.train();
                List<LabelledText> victimTrain = PrivateFineTuner.sample(taskTrain, s.trainSubset(), s.seed());
                corpora = AttackCorpora.prepare(
                        taskTrain,
                        everySeedsTraining(s, taskTrain, victimTrain),
                        splits.evaluation(),
                        splits.attributes() != null
                                ? AttributeCorpus.of(splits.attributes())
                                : AttributeCorpus.trustpilot(s.trustpilot()),
                        s.attacks(),
                        s.seed(),
                        source.tokenizer(),
                        bottom,
                        progress);
                CtiText base = ctiText(s, source, victimTrain, "tokenise victim train (CTI)");
                cti = runSeed -> runSeed != s.seed() && s.trainSubset() > 0 // the run's own training sample
                        ? ctiText(
                                s,
                                source,
                                PrivateFineTuner.sample(taskTrain, s.trainSubset(), runSeed),
                                "tokenise victim train (CTI), seed " + runSeed)
                        : base;
            }
            DictionaryStore store = new DictionaryStore(CacheDirectory.resolve("dictionaries"));
            EmbeddingSpace dictionary = store.dictionary(
                    source.key(), s.splitPoint(), () -> TokenDictionary.compute(bottom, boundary, progress));
            ShapeAwareKnn knn = new ShapeAwareKnn(dictionary, backend);
            try (AttackSuite suite = new AttackSuite(
                    corpora,
                    s.attacks(),
                    bottom,
                    knn,
                    s.seed(),
                    progress,
                    s.out().resolve(NAIVE_ATTACKERS))) {
                for (CellSpec cell = first; cell != null; cell = queue.next()) {
                    LOG.info(String.format(
                            "cell %d/%d: %s",
                            s.runs().indexOf(cell) + 1, s.runs().size(), cell));
                    runCell(s, noise, cell, source, bottom, boundary, cti.apply(s.seedOf(cell)), suite);
                }
            }
        }
    }

    /** The victim's training texts and labels that class-conditional statistics (CTI) are computed from. */
    private record CtiText(List<Encoding> texts, int[] labels) {
        static final CtiText NONE = new CtiText(List.of(), new int[0]);
    }

    private CtiText ctiText(ExperimentSettings s, ModelSource source, List<LabelledText> rows, String name) {
        try (WordPieceTokenizer tokenizer = WordPieceTokenizer.open(source.tokenizer(), s.maxLength())) {
            return new CtiText(tokenizer.encodeAll(rows, progress, name), labels(rows));
        }
    }

    private static int[] labels(List<LabelledText> rows) {
        return rows.stream().mapToInt(LabelledText::label).toArray();
    }

    private void logDone(CellResult c) {
        LOG.info("  already done: " + c.id() + " (utility " + percent(c.accuracy()) + ", knn "
                + percent(c.metric("knn.top1")) + ")");
    }

    /** The stored results of every cell, without running anything (to rebuild a report); missing cells are an error. */
    public static List<CellResult> storedResults(ExperimentSettings s) {
        return StoredCells.join(s, false);
    }

    private CellResult runCell(
            ExperimentSettings s,
            NoiseSettings noise,
            CellSpec cell,
            ModelSource source,
            BottomModel bottom,
            int[] boundary,
            CtiText cti,
            AttackSuite suite) {
        long started = System.nanoTime();
        long runSeed = s.seedOf(cell);
        noise = noise.withReplicate(s.replicateOf(cell));
        CellFineTuning.Utility utility = new CellFineTuning(backend, progress).run(s, noise, cell);
        double fineTuneSeconds = (System.nanoTime() - started) / 1e9;
        MechanismParameters parameters = cell.inEffect();
        MechanismContext context = MechanismSetup.context(
                cell.mechanism(),
                parameters,
                source,
                bottom,
                boundary,
                cti.texts(),
                cti.labels(),
                s.k(),
                backend,
                progress);
        NoiseKey deviceKey = noise.key();
        Mechanism device = Mechanisms.create(cell.mechanism(), parameters, context.withKey(deviceKey));
        NoiseKey attackerKey = noise.isResearch()
                ? NoiseKey.researchSeed(noise.researchSeed() + ATTACKER_SEED_OFFSET)
                        .replicate(noise.replicate())
                : NoiseKey.generate();
        Mechanism attacker = Mechanisms.create(cell.mechanism(), parameters, context.withKey(attackerKey));
        long attacksStarted = System.nanoTime();
        AttackSuite.Measurement measured = suite.measure(
                new DeviceSide(bottom, device, deviceKey), new DeviceSide(bottom, attacker, attackerKey), runSeed);
        Map<String, Double> metrics = new java.util.LinkedHashMap<>(utility.metrics());
        metrics.putAll(measured.metrics());
        Map<String, String> outcomes = new java.util.LinkedHashMap<>();
        if (utility.outcomes() != null) {
            outcomes.put(CellResult.ACCURACY, utility.outcomes());
        }
        outcomes.putAll(measured.outcomes());
        double attackSeconds = (System.nanoTime() - attacksStarted) / 1e9;
        CellResult result = new CellResult(
                cell.id(),
                cell.mechanism(),
                cell.parameters(),
                parameters.asMap(),
                runSeed,
                utility.score(),
                utility.medianEffectiveEta(),
                device.privacyStatement(),
                fineTuneSeconds,
                attackSeconds,
                metrics,
                s.identity(),
                noise.describe(s.epochs()),
                cell.base().id(),
                outcomes);
        write(result, cellFile(s, cell));
        LOG.info(String.format(
                "  %s %s, knn %s, inversion naive/adaptive %s / %s, optimisation %s (%.0f s fine-tuning, %.0f s attacks)",
                s.utility().label(),
                percent(result.accuracy()),
                percent(result.metric("knn.top1")),
                percent(result.metric("inversion.naive.top1")),
                percent(result.metric("inversion.adaptive.top1")),
                percent(result.metric("optimisation.top1")),
                fineTuneSeconds,
                attackSeconds));
        return result;
    }

    static CellResult stored(ExperimentSettings s, CellSpec cell) {
        Path file = cellFile(s, cell);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        CellResult result;
        try {
            result = new ObjectMapper().readValue(file.toFile(), CellResult.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    file + ": unreadable cell result (" + e.getMessage() + "); delete it to run the cell again");
        }
        if (!s.identity().equals(result.identity())) {
            throw new IllegalArgumentException(file + " was produced with other settings (" + result.identity()
                    + ", now " + s.identity() + "); use another --out folder"
                    + AttackSettings.oneReleaseHint(s.identity(), result.identity()));
        }
        String now = cell.effectiveParameters();
        if (!now.isEmpty() && result.parameters() != null) {
            String then = CellSpec.effective(result.parameters());
            if (!then.equals(now)) {
                throw new IllegalArgumentException(file + " was computed with the parameters " + then + ", but cell "
                        + cell + " now means " + now + " (a default changed since); name the parameters in the "
                        + "cell (--cell NAME:key=value,...) or use another --out folder");
            }
        }
        return result;
    }

    /**
     * The union of every seed's fine-tuning sample: the attacker's sentences must avoid all of them, not only the
     * base seed's, or a run of another seed would be attacked by a model trained on its own training text.
     */
    static List<LabelledText> everySeedsTraining(
            ExperimentSettings s, List<LabelledText> taskTrain, List<LabelledText> baseSample) {
        if (s.seeds() == 1 || s.trainSubset() <= 0) {
            return baseSample; // one sample, or every sentence already
        }
        java.util.LinkedHashSet<LabelledText> union = new java.util.LinkedHashSet<>(baseSample);
        for (long seed = s.seed() + 1; seed < s.seed() + s.seeds(); seed++) {
            union.addAll(PrivateFineTuner.sample(taskTrain, s.trainSubset(), seed));
        }
        return List.copyOf(union);
    }

    static Path cellFile(ExperimentSettings s, CellSpec cell) {
        return s.out().resolve("cells").resolve(cell.id() + ".json");
    }

    static void write(CellResult result, Path file) {
        JsonFile.write(file, result);
    }

    static String percent(double rate) {
        return Double.isNaN(rate) ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", 100 * rate);
    }
}
