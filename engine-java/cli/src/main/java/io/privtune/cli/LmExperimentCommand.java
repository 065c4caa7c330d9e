package io.privtune.cli;

import io.privtune.split.lm.LmCell;
import io.privtune.split.lm.LmCellRun;
import io.privtune.split.lm.LmExperiment;
import io.privtune.split.lm.LmExperimentReport;
import io.privtune.split.lm.LmExperimentSettings;
import io.privtune.split.lm.LmFineTuneSettings;
import io.privtune.split.lm.TextWindows;
import io.privtune.split.model.llama.LlamaSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "lm-experiment",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Generation privacy-utility: a decoder split U-shaped at each --split, fine-tuned on --train-text "
                        + "under each mechanism cell and seed; held-out perplexity, samples, and every attack on what the "
                        + "cloud received (knn, inversion naive and adaptive on the uploads; inversion on the gradients). "
                        + "Writes report.md, summary.json and lm-frontier.png to --out.")
final class LmExperimentCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    BackendOption backend = new BackendOption();

    @Option(
            names = "--model",
            defaultValue = "stories260K",
            description = "stories260K, a Hugging Face Llama folder or a llama2.c folder (default: ${DEFAULT-VALUE})")
    String model;

    @Option(
            names = "--split",
            split = ",",
            defaultValue = "1,2",
            description = "split points m (default: ${DEFAULT-VALUE})")
    List<Integer> splitPoints;

    @Option(
            names = "--cells",
            split = ";",
            defaultValue = "none;dchi:eta=100;dchi:eta=50;privtune:eta=100;privtune:eta=50",
            description = "mechanism cells, ';'-separated, each mechanism[:key=value,...] (default: ${DEFAULT-VALUE})")
    List<String> cells;

    @Option(names = "--seeds", defaultValue = "3", description = "seeds per cell (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(
            names = "--train-text",
            defaultValue = TextWindows.TINYSTORIES_TRAIN,
            description = "the device's private text (default: ${DEFAULT-VALUE})")
    Path trainText;

    @Option(
            names = "--eval-text",
            defaultValue = TextWindows.TINYSTORIES_VAL,
            description = "held-out text: its first half of paragraphs scores perplexity, its second half is the "
                    + "attacker's own text (default: ${DEFAULT-VALUE})")
    Path evalText;

    @Option(names = "--window", defaultValue = "128", description = "tokens per window (default: ${DEFAULT-VALUE})")
    int window;

    @Option(
            names = "--train-windows",
            defaultValue = "0",
            description = "training windows, 0 = all of --train-text (default: ${DEFAULT-VALUE})")
    int trainWindows;

    @Option(names = "--eval-windows", defaultValue = "64", description = "(default: ${DEFAULT-VALUE})")
    int evalWindows;

    @Option(names = "--attacker-windows", defaultValue = "384", description = "(default: ${DEFAULT-VALUE})")
    int attackerWindows;

    @Option(names = "--epochs", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "16", description = "windows per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    float learningRate;

    @Option(names = "--k", defaultValue = "16", description = "kNN graph degree (default: ${DEFAULT-VALUE})")
    int k;

    @Option(
            names = "--attack-epochs",
            defaultValue = "30",
            description =
                    "most epochs of each attack model, early-stopped on held-out windows (default: ${DEFAULT-VALUE})")
    int attackEpochs;

    @Option(
            names = "--optimisation-windows",
            defaultValue = "16",
            description =
                    "victim windows the optimisation attack inverts (the slowest attack; default: ${DEFAULT-VALUE})")
    int optimisationWindows;

    @Option(
            names = "--prompts",
            split = ";",
            defaultValue = "Once upon a time;Tom had a red",
            description = "sample prompts, ';'-separated (default: ${DEFAULT-VALUE})")
    List<String> prompts;

    @Option(names = "--sample-steps", defaultValue = "60", description = "(default: ${DEFAULT-VALUE})")
    int sampleSteps;

    @Option(names = "--temperature", defaultValue = "0.8", description = "(default: ${DEFAULT-VALUE})")
    float temperature;

    @Option(names = "--out", defaultValue = "out/lm-experiment", description = "(default: ${DEFAULT-VALUE})")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LmExperimentSettings settings = new LmExperimentSettings(
                splitPoints,
                cells.stream().map(LmCell::parse).toList(),
                seeds,
                LmFineTuneSettings.defaults()
                        .withEpochs(epochs)
                        .withBatch(batch)
                        .withLearningRate(learningRate),
                k,
                attackEpochs,
                optimisationWindows,
                prompts,
                sampleSteps,
                temperature);
        LlamaSource source = LlamaSource.resolve(model);
        List<int[]> train = TextWindows.of(
                TextWindows.paragraphs(trainText), source.tokenizer(), window, trainWindows, trainText.toString());
        List<String> held = TextWindows.paragraphs(evalText);
        List<int[]> eval = TextWindows.of(
                held.subList(0, held.size() / 2), source.tokenizer(), window, evalWindows, evalText + " (first half)");
        List<int[]> attacker = TextWindows.of(
                held.subList(held.size() / 2, held.size()),
                source.tokenizer(),
                window,
                attackerWindows,
                evalText + " (second half)");
        String header = String.format(
                Locale.ROOT,
                "# Generation: %s split U-shaped, private fine-tuning and attacks%n%n"
                        + "Command: `./privtune %s`%n%n"
                        + "%d training windows of %d tokens (%s), %d evaluation and %d attacker windows (%s, disjoint "
                        + "halves); %d epochs, batch %d, lr %s; %d seed(s) per cell; attack models up to %d epochs, "
                        + "early-stopped. Means over seeds with 95 %% bootstrap intervals (paired, B = 2000). Token "
                        + "attacks score the victim's first-epoch uploads (BOS rows excluded); the gradient probe "
                        + "predicts, from the gradient the cloud received at each position, the token that position was "
                        + "trained to predict.",
                source.name(),
                String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                train.size(),
                window,
                trainText,
                eval.size(),
                attacker.size(),
                evalText,
                epochs,
                batch,
                learningRate,
                seeds,
                attackEpochs);
        List<LmCellRun> runs = new ArrayList<>();
        LmExperiment experiment = new LmExperiment(
                source.weights(), source.tokenizer(), source.name(), settings, backend.get(), ConsoleProgress::new);
        double[] pretrained = experiment.pretrainedLosses(eval);
        experiment.run(train, eval, attacker, run -> {
            runs.add(run);
            System.out.printf(
                    Locale.ROOT,
                    "m=%d %s seed %d: perplexity %.3f, knn %.1f%%, inversion naive %.1f%% adaptive %.1f%%, "
                            + "optimisation %.1f%%, gradient %.1f%%%n",
                    run.splitPoint(),
                    run.cell().id(),
                    run.seed(),
                    run.perplexity(),
                    100 * LmCellRun.rate(run.knn()),
                    100 * LmCellRun.rate(run.naive()),
                    100 * LmCellRun.rate(run.adaptive()),
                    100 * LmCellRun.rate(run.optimisation()),
                    100 * LmCellRun.rate(run.gradient()));
            try {
                LmExperimentReport.write(out, header, pretrained, runs);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write the report to " + out, e);
            }
        });
        System.out.println("report: " + out.resolve("report.md"));
        return 0;
    }
}
