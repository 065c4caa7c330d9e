package io.privtune.cli;

import io.privtune.split.train.FineTuneSettings;
import io.privtune.split.train.FineTuneSummary;
import io.privtune.split.train.PrivateFineTuner;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "finetune",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Private split fine-tuning on a classification task (--task): frozen bottom model and mechanism on the device side, "
                        + "the top model trained on the perturbed upload. Prints accuracy and macro-F1 on the task's evaluation split; "
                        + "writes summary.json and a resumable checkpoint. With --task lm: a decoder (stories260K or a Llama "
                        + "folder) split U-shaped, next-token fine-tuning on --text, perplexity on --eval-text; writes "
                        + "summary.json and lm-weights.safetensors for generate. With --task squad: extractive QA on SQuAD "
                        + "v1.1 (a start/end head, windows of --max-length tokens); prints exact match and F1.")
final class FinetuneCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    BackendOption backend = new BackendOption();

    private final FineTuneSettings defaults =
            FineTuneSettings.defaults(Path.of("../shared/data/sst2"), Path.of("out/finetune"));

    @Option(
            names = "--model",
            description = "all-minilm-l6-v2, bge-small-en-v1.5, or a HF checkpoint folder (default: ${DEFAULT-VALUE})",
            defaultValue = "all-minilm-l6-v2")
    String model;

    @Option(
            names = "--split",
            description = "split point m: the device runs embeddings + layers 1..m (default: ${DEFAULT-VALUE})",
            defaultValue = "2")
    int split;

    @Option(
            names = "--mechanism",
            description =
                    "none, dchi, sap-cti, gaussian, privtune, privtune-no-shift, privtune-no-importance (default: ${DEFAULT-VALUE})",
            defaultValue = "none")
    String mechanism;

    @picocli.CommandLine.Mixin
    MechanismParameterOptions mechanismParameters = new MechanismParameterOptions();

    @picocli.CommandLine.Mixin
    TaskOption task = new TaskOption();

    @Option(
            names = "--out",
            description = "output folder: summary.json, checkpoint.safetensors (default: ${DEFAULT-VALUE})",
            defaultValue = "out/finetune")
    Path out;

    @Option(names = "--epochs", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "(default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(
            names = "--lr",
            defaultValue = "1e-4",
            description = "peak learning rate of AdamW (default: ${DEFAULT-VALUE})")
    float learningRate;

    @Option(
            names = "--max-length",
            defaultValue = "64",
            description = "max tokens per sentence (default: ${DEFAULT-VALUE})")
    int maxLength;

    @Option(
            names = "--train-subset",
            defaultValue = "20000",
            description = "seeded sample of training sentences, 0 = all (default: ${DEFAULT-VALUE})")
    int trainSubset;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description =
                    "fine-tuning seed: training sample, top-model initialisation, dropout; never the noise (default: ${DEFAULT-VALUE})")
    long seed;

    @picocli.CommandLine.Mixin
    NoiseKeyOptions noise = new NoiseKeyOptions();

    @Option(
            names = "--epoch-noise",
            defaultValue = "same",
            description =
                    "same: an example's upload is identical in every epoch "
                            + "(one release); fresh: new noise per epoch (eta composes over epochs) (default: ${DEFAULT-VALUE})")
    String epochNoise;

    @Option(
            names = "--lora",
            defaultValue = "0",
            description =
                    "train rank-r LoRA adapters (e.g. 8) instead of the whole top model; 0 = full (default: ${DEFAULT-VALUE})")
    int loraRank;

    @Option(
            names = "--max-steps",
            defaultValue = "0",
            description = "stop after this many steps (checkpointed; continue with --resume), 0 = no limit")
    int maxSteps;

    @Option(names = "--resume", description = "continue from the checkpoint in --out")
    boolean resume;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nCausal LM (--task lm):%n")
    LmFinetune.Options lm = new LmFinetune.Options();

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nExtractive QA (--task squad):%n")
    QaFinetune.Options qa = new QaFinetune.Options();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The run's settings from the flags; an unknown task or a bad value fails here, before any work. */
    FineTuneSettings settings() {
        return new FineTuneSettings(
                model,
                split,
                mechanism,
                mechanismParameters.overrides(),
                task.data(),
                epochs,
                batchSize,
                learningRate,
                defaults.warmupRatio(),
                defaults.weightDecay(),
                defaults.dropout(),
                maxLength,
                trainSubset,
                defaults.k(),
                seed,
                loraRank,
                defaults.checkpointEvery(),
                maxSteps,
                out,
                resume,
                task.name);
    }

    @Override
    public Integer call() throws java.io.IOException {
        if (LmFinetune.TASK.equals(task.name)) {
            return new LmFinetune(this).call();
        }
        if (lm.given()) {
            throw new IllegalArgumentException("--text, --eval-text, --window and --grad-noise are for --task lm only");
        }
        if (io.privtune.split.task.SquadTask.NAME.equals(task.name)) {
            return new QaFinetune(this).call();
        }
        qa.refuseGiven();
        FineTuneSettings settings = settings();
        FineTuneSummary summary = new PrivateFineTuner(backend.get(), ConsoleProgress::new)
                .run(settings, noise.settings(out.resolve("noise.key"), EpochNoiseOption.parse(epochNoise)));
        System.out.printf(
                Locale.ROOT,
                "%n%s (%s): accuracy %.2f%%, macro-F1 %.2f%%  (%s, m = %d, mechanism %s, %d steps, %.0f s training, %.1f examples/s)%n",
                settings.task(),
                settings.classificationTask().evaluationSplit(),
                100 * summary.devAccuracy(),
                100 * summary.devMacroF1(),
                summary.model(),
                summary.splitPoint(),
                summary.mechanism(),
                summary.steps(),
                summary.trainSeconds(),
                summary.examplesPerSecond());
        System.out.println("privacy: " + summary.privacyStatement());
        System.out.println(summary.noise());
        System.out.println(
                "summary: " + out.resolve("summary.json").toAbsolutePath().normalize());
        return 0;
    }
}
