package io.privtune.split.lm;

import ai.djl.ndarray.NDManager;
import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.attack.AttackRates;
import io.privtune.split.attack.InversionModelAttack;
import io.privtune.split.attack.KnnAttack;
import io.privtune.split.attack.OptimisationAttack;
import io.privtune.split.attack.ShapeAwareKnn;
import io.privtune.split.attack.TrainingBudget;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.model.llama.DecoderSplit;
import io.privtune.split.model.llama.LlamaWeights;
import io.privtune.split.model.llama.LmTokenizer;
import io.privtune.split.text.Encoding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs an LM experiment: for each split point, seed and cell, U-shaped fine-tuning on the victim's windows, the
 * perplexity of the evaluation windows through the deployed path, samples, and every attack on what the cloud
 * kept of the first epoch: knn, the inversion MLP (naive and adaptive) and the optimisation attack on the uploads,
 * and an inversion MLP on the gradients it received. The adaptive attacker knows the code, the mechanism and its parameters: it runs the
 * same fine-tuning on its own text (a shadow run under its own noise key) and learns from what that cloud sees.
 */
public final class LmExperiment {
    private static final int OPTIMISATION_BATCH = 8;
    /**
     * More steps than the encoders' 40: on clean stories260K uploads at m = 1 (8 windows of 64 tokens), 40 steps at
     * rate 0.3 recovered 17 % of the tokens, 200 steps 49 % (rate 1: 36 % and 47 %; 0.05: 1 % and 25 %).
     */
    static final int OPTIMISATION_STEPS = 200;

    static final float OPTIMISATION_RATE = 0.3f;

    private final LlamaWeights weights;
    private final LmTokenizer tokenizer;
    private final String modelName;
    private final LmExperimentSettings settings;
    private final ComputeBackend backend;
    private final Progress progress;

    public LmExperiment(
            LlamaWeights weights,
            LmTokenizer tokenizer,
            String modelName,
            LmExperimentSettings settings,
            ComputeBackend backend,
            Progress progress) {
        this.weights = weights;
        this.tokenizer = tokenizer;
        this.modelName = modelName;
        this.settings = settings;
        this.backend = backend;
        this.progress = progress;
    }

    /** The device's noise key of a seed; the attacker's is another, never the device's. */
    static NoiseKey deviceKey(int seed) {
        return NoiseKey.researchSeed(0x11_0000L + seed);
    }

    static NoiseKey attackerKey(int seed) {
        return NoiseKey.researchSeed(0xA7_0000L + seed);
    }

    /** Each evaluation window's mean loss under the pretrained model, before any fine-tuning (no noise: the reference). */
    public double[] pretrainedLosses(List<int[]> eval) {
        try (NDManager manager = NDManager.newBaseManager();
                DecoderSplit split = new DecoderSplit(
                        weights, modelName, settings.splitPoints().get(0), 1, manager)) {
            Mechanism none = io.privtune.core.mechanism.Mechanisms.create(
                    "none",
                    MechanismParameters.defaults(),
                    io.privtune.core.mechanism.MechanismContext.of(deviceKey(0)));
            return new SplitLmFineTuner(split, none, deviceKey(0), 1, settings.fineTune()).windowLosses(eval);
        }
    }

    /** Every (split point, seed, cell) in that order; {@code done} hears each run as it finishes. */
    public List<LmCellRun> run(List<int[]> train, List<int[]> eval, List<int[]> attacker, Consumer<LmCellRun> done) {
        List<LmCellRun> runs = new ArrayList<>();
        int dim = weights.config().dim();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int m : settings.splitPoints()) {
                LmMechanisms mechanisms;
                WindowRows attackerClean;
                try (DecoderSplit base = new DecoderSplit(weights, modelName, m, 1, manager)) {
                    mechanisms = new LmMechanisms(base.bottom(), settings.k(), backend, progress);
                    attackerClean = WindowRows.ofTokens(encode(base, attacker), attacker, dim);
                }
                ShapeAwareKnn knn = new ShapeAwareKnn(mechanisms.dictionary(), backend);
                for (int seed = 0; seed < settings.seeds(); seed++) {
                    long naiveStart = System.nanoTime();
                    try (InversionModelAttack naive = inversion(attackerClean, seed)) {
                        double naiveSeconds = (System.nanoTime() - naiveStart) / 1e9;
                        for (LmCell cell : settings.cells()) {
                            LmCellRun run = cell(m, seed, cell, mechanisms, knn, naive, train, eval, attacker, manager);
                            run.seconds().put("naive-training", naiveSeconds);
                            runs.add(run);
                            done.accept(run);
                        }
                    }
                }
            }
        }
        return runs;
    }

    private LmCellRun cell(
            int m,
            int seed,
            LmCell cell,
            LmMechanisms mechanisms,
            ShapeAwareKnn knn,
            InversionModelAttack naive,
            List<int[]> train,
            List<int[]> eval,
            List<int[]> attacker,
            NDManager manager) {
        int dim = weights.config().dim();
        MechanismParameters parameters = MechanismParameters.defaults().with(cell.parameters());
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, String> samples = new LinkedHashMap<>();
        long start = System.nanoTime();
        CloudRecorder victim = new CloudRecorder(train, dim, 0);
        double[] evalLoss;
        boolean[] optimisation;
        SplitLmFineTuner.Result trained;
        try (DecoderSplit split = new DecoderSplit(weights, modelName, m, 1, manager)) {
            Mechanism mechanism = mechanisms.create(cell.mechanism(), parameters, deviceKey(seed));
            SplitLmFineTuner tuner = new SplitLmFineTuner(
                    split,
                    mechanism,
                    deviceKey(seed),
                    train.size(),
                    settings.fineTune().withGradientNoise(cell.gradientNoise()));
            trained = tuner.train(train, victim, progress);
            seconds.put("fine-tuning", lap(start));
            start = System.nanoTime();
            evalLoss = tuner.windowLosses(eval);
            SplitGenerator generator = new SplitGenerator(tuner.device(), tuner.cloud(), tokenizer);
            for (String prompt : settings.prompts()) {
                samples.put("greedy: " + prompt, generator.generate(prompt, settings.sampleSteps(), 0f, seed));
                samples.put(
                        "t=" + settings.temperature() + ": " + prompt,
                        generator.generate(prompt, settings.sampleSteps(), settings.temperature(), seed));
            }
            seconds.put("evaluation", lap(start));
            start = System.nanoTime();
            optimisation = optimisation(split, victim, train);
            seconds.put("optimisation", lap(start));
        }
        // the attacker's shadow run: the same protocol on its own text, under its own key
        start = System.nanoTime();
        CloudRecorder shadow = new CloudRecorder(attacker, dim, 0);
        Mechanism mechanism = mechanisms.create(cell.mechanism(), parameters, attackerKey(seed));
        try (DecoderSplit split = new DecoderSplit(weights, modelName, m, 1, manager)) {
            new SplitLmFineTuner(
                            split,
                            mechanism,
                            attackerKey(seed),
                            attacker.size(),
                            settings.fineTune().withGradientNoise(cell.gradientNoise()))
                    .train(attacker, shadow, progress);
        }
        seconds.put("shadow-run", lap(start));

        WindowRows uploads = victim.uploadRows(dim);
        start = System.nanoTime();
        // the victim's mechanism has the same public parameters, hence the same shape, as this shadow one
        KnnAttack.Result knnResult = knn.run(
                        mechanism, uploads.rows(), uploads.truth(), uploads.skipped(), (d, a) -> {})
                .strongest();
        seconds.put("knn", lap(start));
        AttackRates naiveRates = naive.attack(uploads.rows(), uploads.truth(), uploads.skipped());
        start = System.nanoTime();
        AttackRates adaptiveRates;
        try (InversionModelAttack adaptive = inversion(shadow.uploadRows(dim), seed)) {
            adaptiveRates = adaptive.attack(uploads.rows(), uploads.truth(), uploads.skipped());
        }
        seconds.put("adaptive-inversion", lap(start));
        start = System.nanoTime();
        WindowRows gradients = victim.gradientRows(dim);
        AttackRates gradientRates;
        try (InversionModelAttack probe = inversion(shadow.gradientRows(dim), seed)) {
            gradientRates = probe.attack(gradients.rows(), gradients.truth(), gradients.skipped());
        }
        seconds.put("gradient-inversion", lap(start));
        Map<String, Double> top5 = new LinkedHashMap<>();
        top5.put("knn", knnResult.top5());
        top5.put("inversion.naive", naiveRates.top5());
        top5.put("inversion.adaptive", adaptiveRates.top5());
        top5.put("gradient", gradientRates.top5());
        return new LmCellRun(
                m,
                cell,
                seed,
                evalLoss,
                trained.epochLoss(),
                knnResult.top1Hits(),
                naiveRates.top1Hits(),
                adaptiveRates.top1Hits(),
                optimisation,
                gradientRates.top1Hits(),
                top5,
                samples,
                seconds);
    }

    /**
     * The optimisation attack on the victim's first windows, read from the uploads the cloud kept, through the public
     * bottom (frozen, the same weights in every split of this model).
     */
    private boolean[] optimisation(DecoderSplit split, CloudRecorder victim, List<int[]> train) {
        int dim = weights.config().dim();
        int length = train.get(0).length;
        int windows = Math.min(settings.optimisationWindows(), train.size());
        OptimisationAttack attack = new OptimisationAttack(split.bottom(), OPTIMISATION_STEPS, OPTIMISATION_RATE);
        OptimisationAttack.Tally tally = new OptimisationAttack.Tally(0, 0, 0);
        for (int from = 0; from < windows; from += OPTIMISATION_BATCH) {
            int to = Math.min(windows, from + OPTIMISATION_BATCH);
            List<Encoding> batch = new ArrayList<>();
            for (int w = from; w < to; w++) {
                int[] ids = train.get(w);
                boolean[] special = new boolean[ids.length];
                for (int t = 0; t < ids.length; t++) {
                    special[t] = ids[t] == LmTokenizer.BOS && t == 0; // as the device marks them
                }
                batch.add(new Encoding(ids, special));
            }
            float[] uploaded = java.util.Arrays.copyOfRange(victim.uploads, from * length * dim, to * length * dim);
            tally = tally.plus(attack.run(uploaded, PaddedBatch.of(batch)));
        }
        return tally.top1Hits();
    }

    private InversionModelAttack inversion(WindowRows rows, int seed) {
        return InversionModelAttack.train(
                rows.rows(),
                rows.truth(),
                rows.skipped(),
                rows.offsets(),
                rows.dim(),
                new TrainingBudget(settings.attackEpochs(), TrainingBudget.PATIENCE, TrainingBudget.HELD_OUT),
                7919L * (seed + 1),
                (d, a) -> {});
    }

    /** The clean bottom output of windows, in order, computed a few at a time (attention is windows x T x T). */
    private static float[] encode(DecoderSplit split, List<int[]> windows) {
        int dim = split.bottom().config().dim();
        int length = windows.get(0).length;
        float[] rows = new float[windows.size() * length * dim];
        for (int start = 0; start < windows.size(); start += 32) {
            List<int[]> part = windows.subList(start, Math.min(windows.size(), start + 32));
            float[] encoded = split.bottom().encode(part).representations();
            System.arraycopy(encoded, 0, rows, start * length * dim, encoded.length);
        }
        return rows;
    }

    private static double lap(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
