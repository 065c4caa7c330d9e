package io.privtune.cli;

import io.privtune.core.model.CacheDirectory;
import io.privtune.split.demo.DemoOutputs;
import io.privtune.split.demo.DemoReport;
import io.privtune.split.demo.DemoSettings;
import io.privtune.split.demo.TokenPrivacyDemo;
import io.privtune.split.train.FineTuneSettings;
import io.privtune.split.train.FineTuneSummary;
import io.privtune.split.train.NoiseSettings;
import io.privtune.split.train.PrivateFineTuner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Perturb SST-2 dev tokens (all-MiniLM-L6-v2, split m = 0) with every mechanism over a grid of eta "
                        + "and measure the knn inversion attack against each. Writes report.json, table.txt and PNG plots.")
final class DemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    BackendOption backend = new BackendOption();

    @Option(
            names = "--data",
            description = "folder with SST-2 train.tsv and dev.tsv (default: ${DEFAULT-VALUE})",
            defaultValue = "../shared/data/sst2")
    Path data;

    @Option(names = "--out", description = "results folder (default: ${DEFAULT-VALUE})", defaultValue = "out/demo")
    Path out;

    @Option(
            names = "--eta",
            split = ",",
            description = "dchi privacy parameters to sweep (default: ${DEFAULT-VALUE})",
            defaultValue = "25,50,100,200")
    List<Double> etas;

    @Option(names = "--k", description = "kNN graph neighbours (default: ${DEFAULT-VALUE})", defaultValue = "16")
    int k;

    @Option(
            names = "--train-sentences",
            description = "SST-2 train sentences for CTI importance, 0 = all (default: ${DEFAULT-VALUE})",
            defaultValue = "20000")
    int trainSentences;

    @Option(
            names = "--dev-sentences",
            description = "SST-2 dev sentences to perturb and attack, 0 = all (default: ${DEFAULT-VALUE})",
            defaultValue = "0")
    int devSentences;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description =
                    "fine-tuning seed: training sample, top-model initialisation, dropout; never the noise (default: ${DEFAULT-VALUE})")
    long seed;

    @picocli.CommandLine.Option(
            names = "--noise-seed",
            paramLabel = "N",
            description =
                    "research seed: reproducible noise that ANYONE can regenerate; default: a fresh secret key per run")
    Long noiseSeed;

    @Option(
            names = "--split",
            description = "split point m of the token-privacy part (default: ${DEFAULT-VALUE})",
            defaultValue = "0")
    int split;

    @Option(
            names = {"-P", "--param"},
            description = "mechanism parameter override for every swept mechanism, e.g. -P kappa=0.5")
    java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();

    @Option(
            names = "--finetune-sentences",
            description = "SST-2 training sentences for the short private fine-tuning, "
                    + "0 = skip it (default: ${DEFAULT-VALUE})",
            defaultValue = "3200")
    int finetuneSentences;

    @Option(
            names = "--finetune-model",
            description = "model of the short private fine-tuning: all-minilm-l6-v2, bge-small-en-v1.5 or a HF "
                    + "checkpoint folder (default: ${DEFAULT-VALUE})",
            defaultValue = FINETUNE_MODEL)
    String finetuneModel;

    @Option(
            names = "--finetune-split",
            description = "split point m of the short private fine-tuning (default: ${DEFAULT-VALUE})",
            defaultValue = FINETUNE_SPLIT)
    int finetuneSplit;

    /**
     * Part 2's model and split: the measured point nearest issue 12's goal (experiments/2026-12-04-split-depth,
     * bge-small-en-v1.5 at m = 10); the closing lines quote that experiment's three-seed means, so they are printed
     * only at this setting.
     */
    static final String FINETUNE_MODEL = "bge-small-en-v1.5";

    static final String FINETUNE_SPLIT = "10";

    @Override
    public Integer call() {
        // a bad --finetune-model or --finetune-split is refused before part 1's minutes
        int finetuneLayers = finetuneSentences > 0 ? finetuneModelLayers() : 0;
        System.out.println("PrivTune demo, part 1: token privacy at split m = " + split
                + " on SST-2 (knn inversion attack vs every mechanism)");
        Path cache = CacheDirectory.resolve("dictionaries");
        TokenPrivacyDemo demo = new TokenPrivacyDemo(backend.get(), ConsoleProgress::new);
        DemoReport report = demo.run(
                new DemoSettings(data, trainSentences, devSentences, k, etas, noiseSeed, cache, split, parameters));
        DemoOutputs.write(report, out);
        System.out.println();
        System.out.print(DemoOutputs.table(report));
        System.out.println();
        System.out.println(
                "knn top-1 = share of dev tokens an attacker recovers as the nearest dictionary row; cos(h~,h) = how much of each");
        System.out.println(
                "representation's direction survives (the utility side; fine-tuning accuracy comes with the split model).");
        System.out.println("Results: " + out.toAbsolutePath().normalize()
                + " (report.json, table.txt, knn-asr-vs-eta.png, knn-asr-vs-cosine.png)");
        System.out.println("Cached dictionary and graph: " + cache.toAbsolutePath());
        if (finetuneSentences > 0) {
            shortFineTuning(finetuneLayers);
        }
        return 0;
    }

    /** The layers of part 2's model, after checking that {@code --finetune-split} is a split point of it. */
    private int finetuneModelLayers() {
        try {
            io.privtune.split.model.ModelSource source = io.privtune.split.model.ModelSource.resolve(finetuneModel);
            source.requireSplitPoint(finetuneSplit);
            return source.shape().layers();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--finetune-model / --finetune-split: " + e.getMessage(), e);
        }
    }

    /**
     * The second run's setting: η = 13 at κ = 1 (the rest the defaults), label-free; at bge-small-en-v1.5 m = 10 and
     * 4 000 fine-tuning sentences it is the nearest point to issue 12's goal against the strongest attackers measured,
     * adaptive models drawing fresh noise every epoch, but outside it (the BiLSTM on 20 000 sentences 32.38 %, on 3 000
     * 26.54 %; the MLP 25.07 %; seed 0), with an accuracy drop at the bar's edge
     * (experiments/2026-12-05-lower-eta-fresh-noise); η = 12 costs 4.34 points over six seeds, and the BiLSTM still
     * reads 30.69 % of it (experiments/2026-12-05-below-eta-13). η = 11 at 20 000 fine-tuning sentences lies inside the
     * goal on three-seed means only against the BiLSTM on 20 000 sentences
     * (experiments/2026-12-06-finetune-budget-at-goal-split); on all 47 203 sentences outside the victim's sample it
     * reads 30.87 % of seed 0's tokens (experiments/2026-12-07-bilstm-on-all-text), and 28.04 % on the mean of η = 10's
     * three seeds, each on the text outside its own sample (experiments/2026-12-07-eta10-bilstm-all-text), which costs
     * 3.21 points of accuracy over those seeds: inside the goal on three-seed means, the drop on the bar (3.34 over six
     * seeds, experiments/2026-12-07-eta10-more-seeds); η = 10.5 costs 2.41 points over 3 seeds (2.64 over 6) and the
     * same attacker reads 28.90, 29.28 and 28.85 % of its seeds 0, 1 and 2, mean 29.01 %, a lower bound: both halves
     * on three-seed means with about a point of room each, the bar inside the drop's interval
     * (experiments/2026-12-07-eta10.5). That 20 000-sentence budget is too slow for the demo anyway (at 4 000
     * sentences η = 11 costs 4.43 points).
     */
    static final java.util.Map<String, String> GOAL = java.util.Map.of("eta", "13", "kappa", "1");

    /**
     * The third run's setting: prediction-consistent targets at η = 22 (it needs the training labels): inside the goal
     * at the same split against the three-seed attacker but not against a stronger one (34.5 %, seed 0), and the
     * frontier point nearest the goal at MiniLM m = 2 (experiments/2026-12-04-consistent-targets).
     */
    static final java.util.Map<String, String> CONSISTENT =
            java.util.Map.of("eta", "22", "kappa", "1", "consistent-share", "0.25");

    /**
     * The fourth run's setting: dχ at η = 10, the measured dχ point nearest the second run's strongest-attacker rate
     * at bge m = 10 against the three-seed attacker (15.7 % against 14.9 %).
     */
    static final java.util.Map<String, String> DCHI_MATCHED = java.util.Map.of("eta", "10");

    /**
     * Part 2: private split fine-tuning on a small training sample: `none`, `privtune` at the label-free point nearest
     * the goal against the strongest attacker measured (outside it), `privtune` with prediction-consistent targets,
     * which needs the training labels' statistics, and dχ at about the second run's measured privacy.
     */
    private void shortFineTuning(int layers) {
        System.out.println();
        System.out.println("Part 2: private split fine-tuning, " + finetuneModel + " split at m = " + finetuneSplit
                + ", " + finetuneSentences + " SST-2 training sentences, 1 epoch; the device runs layers 1-"
                + finetuneSplit + ", the cloud trains "
                + (finetuneSplit < layers ? "layers " + (finetuneSplit + 1) + "-" + layers + " + head" : "the head")
                + " on what the device uploads");
        PrivateFineTuner tuner = new PrivateFineTuner(backend.get(), ConsoleProgress::new);
        List<String> lines = new java.util.ArrayList<>();
        record Run(String label, String mechanism, java.util.Map<String, String> parameters) {}
        for (Run run : List.of(
                new Run("none", "none", java.util.Map.of()),
                new Run("privtune", "privtune", GOAL),
                new Run("privtune-consistent", "privtune", CONSISTENT),
                new Run("dchi", "dchi", DCHI_MATCHED))) {
            Path folder = out.resolve("finetune-" + run.label());
            FineTuneSettings base = FineTuneSettings.defaults(data, folder);
            FineTuneSettings settings = new FineTuneSettings(
                    finetuneModel,
                    finetuneSplit,
                    run.mechanism(),
                    run.parameters(),
                    data,
                    base.epochs(),
                    base.batchSize(),
                    base.learningRate(),
                    base.warmupRatio(),
                    base.weightDecay(),
                    base.dropout(),
                    base.maxLength(),
                    finetuneSentences,
                    base.k(),
                    seed,
                    0,
                    base.checkpointEvery(),
                    0,
                    base.out(),
                    false);
            FineTuneSummary summary = tuner.run(
                    settings,
                    noiseSeed != null
                            ? NoiseSettings.research(noiseSeed)
                            : NoiseSettings.secret(folder.resolve("noise.key")));
            lines.add(String.format(
                    java.util.Locale.ROOT,
                    "%-20s dev accuracy %6.2f%%   macro-F1 %6.2f%%   median eta_i %s   (%s)",
                    run.label(),
                    100 * summary.devAccuracy(),
                    100 * summary.devMacroF1(),
                    Double.isNaN(summary.medianEffectiveEta())
                            ? "-"
                            : String.format("%.1f", summary.medianEffectiveEta()),
                    folder.resolve("summary.json")));
        }
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println("privtune ran at " + new java.util.TreeMap<>(GOAL)
                + " (no labels needed); privtune-consistent"
                + " at " + new java.util.TreeMap<>(CONSISTENT) + " (its targets are only those 2-hop neighbours whose"
                + " class profile in the training labels is nearest the token's); dchi at "
                + new java.util.TreeMap<>(DCHI_MATCHED)
                + ". One key and one seed at " + finetuneSentences + " sentences vary by a few points.");
        if (finetuneModel.equals(FINETUNE_MODEL) && finetuneSplit == Integer.parseInt(FINETUNE_SPLIT)) {
            System.out.println(
                    "Measured over 3 seeds at 4 000 sentences (experiments/2026-12-05-lower-eta-fresh-noise and"
                            + " experiments/2026-12-04-split-depth, bge m = 10), against the strongest of six token attacks:"
                            + " privtune 84.0 % accuracy, strongest attacker 14.9 %, knn 3.2 %; privtune-consistent 86.3 %,"
                            + " 28.2 %, knn 2.9 %; dchi 82.2 %, 15.7 %, knn 11.9 %; none 87.2 %. dchi misses the knn half of"
                            + " issue 12's goal (knn <= 10 %, strongest <= 30 %, drop <= 3.33 points). The strongest attackers"
                            + " we have draw fresh noise for their text every epoch: a BiLSTM reads 26.54 % of privtune's"
                            + " tokens on 3 000 SST-2 sentences and 32.38 % on 20 000, an inversion MLP on 20 000 25.07 % (seed 0)."
                            + " Fine-tuned on 4 000 sentences, eta 13 comes closest to the goal but misses it against that BiLSTM, with a 3.23-point accuracy"
                            + " drop over 6 seeds (3.13 over 3), 0.1 points inside the bar, which lies inside the drop's 95 %"
                            + " intervals (about [2.2, 4.4]); eta 12 costs 4.34 points over 6 seeds, and the BiLSTM still reads"
                            + " 30.69 % of it (experiments/2026-12-05-below-eta-13); eta 15 (2.4 points over 3 seeds) has less noise, and the MLP alone"
                            + " reads 29.30 % of it; privtune-consistent is outside it (34.5 % against an 8 000-sentence"
                            + " attacker with one release). Fine-tuned on 20 000 sentences, eta 11 costs 2.73 points over 6 seeds"
                            + " and the BiLSTM on 20 000 sentences reads 28.92 % of its tokens on the mean of three attacker"
                            + " seeds (experiments/2026-12-06-finetune-budget-at-goal-split), but trained on all 47 203 SST-2"
                            + " sentences outside the victim's sample it reads 30.87 % (seed 0, still rising at its cap;"
                            + " experiments/2026-12-07-bilstm-on-all-text), over the bar. Eta 10 costs 3.21 points over 3 seeds,"
                            + " 0.12 under the bar, and that attacker reads 28.04 %, 28.38 % and"
                            + " 27.71 % of its seeds 0, 1 and 2, each on the text outside its own sample, mean 28.04 %"
                            + " (experiments/2026-12-07-eta10-bilstm-all-text): inside the goal on three-seed means, its"
                            + " accuracy half on the bar (3.34 points over 6 seeds, experiments/2026-12-07-eta10-more-seeds;"
                            + " knn 3.0 %; each attacker reads a sentence on its own, none pools the training uploads)."
                            + " Eta 10.5 costs 2.41 points over 3 seeds (2.64 over 6; the bar inside its"
                            + " interval) and that attacker reads 28.90, 29.28 and 28.85 % of its seeds 0, 1 and 2, mean"
                            + " 29.01 % (still rising at its cap; experiments/2026-12-07-eta10.5): both halves under"
                            + " their bars on three-seed means with about a point of room each."
                            + " The device runs 10 of 12 layers for this.");
        } else {
            System.out.println(
                    "The measured privacy of each setting per model and split: experiments/2026-12-04-split-depth/README.md.");
        }
    }
}
