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

    @Override
    public Integer call() {
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
            shortFineTuning();
        }
        return 0;
    }

    /**
     * The third run's setting: prediction-consistent targets at η = 22, the frontier point of
     * experiments/2026-12-04-consistent-targets nearest the privacy goal (it needs the training labels).
     */
    static final java.util.Map<String, String> CONSISTENT = java.util.Map.of("eta", "22", "consistent-share", "0.25");

    /**
     * Part 2: private split fine-tuning at m = 2 on a small training sample: `none`, `privtune` at its label-free
     * defaults, and `privtune` with prediction-consistent targets, which needs the training labels' statistics.
     */
    private void shortFineTuning() {
        System.out.println();
        System.out.println("Part 2: private split fine-tuning, all-MiniLM-L6-v2 split at m = 2, " + finetuneSentences
                + " SST-2 training sentences, 1 epoch; the cloud trains layers 3-6 + head on what the device uploads");
        PrivateFineTuner tuner = new PrivateFineTuner(backend.get(), ConsoleProgress::new);
        List<String> lines = new java.util.ArrayList<>();
        record Run(String label, String mechanism, java.util.Map<String, String> parameters) {}
        for (Run run : List.of(
                new Run("none", "none", java.util.Map.of()),
                new Run("privtune", "privtune", java.util.Map.of()),
                new Run("privtune-consistent", "privtune", CONSISTENT))) {
            Path folder = out.resolve("finetune-" + run.label());
            FineTuneSettings base = FineTuneSettings.defaults(data, folder);
            FineTuneSettings settings = new FineTuneSettings(
                    base.model(),
                    base.splitPoint(),
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
        io.privtune.core.mechanism.MechanismParameters defaults =
                io.privtune.core.mechanism.MechanismParameters.defaults();
        System.out.println("privtune ran at its defaults (eta " + defaults.eta() + ", kappa " + defaults.kappa()
                + ", no labels needed). privtune-consistent ran at eta 22 with -P consistent-share=0.25: its targets are"
                + " only those 2-hop neighbours whose class profile in the training labels is nearest the token's.");
        System.out.println("Measured over 3 seeds at 4 000 sentences (experiments/2026-12-04-consistent-targets), the"
                + " strongest token attacker reads 31.0 % of the defaults' dev tokens and 28.5 % of"
                + " privtune-consistent's, at 59.8 % and 62.0 % accuracy against none's 82.3 %: both far from a small"
                + " utility cost. For the full budget: ./privtune finetune --mechanism privtune (see README).");
    }
}
