package io.privtune.cli;

import io.privtune.split.experiment.AttackSettings;
import io.privtune.split.experiment.CellQueue;
import io.privtune.split.experiment.CellResult;
import io.privtune.split.experiment.CellSpec;
import io.privtune.split.experiment.CellStatistics;
import io.privtune.split.experiment.ExperimentGrid;
import io.privtune.split.experiment.ExperimentReport;
import io.privtune.split.experiment.ExperimentRunner;
import io.privtune.split.experiment.ExperimentSettings;
import io.privtune.split.experiment.GridFile;
import io.privtune.split.experiment.Headline;
import io.privtune.split.experiment.ReferenceRuns;
import io.privtune.split.experiment.Shard;
import io.privtune.split.experiment.StoredCells;
import io.privtune.split.model.ModelSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "The privacy-utility grid: every cell is private fine-tuning on a classification task (--task, default SST-2; utility) "
                        + "or extractive QA (--task squad; utility exact match and F1, the token attacks reading the uploads of "
                        + "the evaluation questions) "
                        + "and all six attacks (knn, inversion-model per token and contextual, naive/adaptive, optimisation on the task's "
                        + "evaluation split; attribute-mlp, attribute-bow, keyword-mlc on the task's own texts where they carry "
                        + "private attributes (blog-topic), else on TrustPilot). "
                        + "Resumable cell by cell. Writes results.json, results.csv, report.md and frontier PNGs.")
final class ExperimentCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    BackendOption backend = new BackendOption();

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            defaultValue = "all-minilm-l6-v2",
            description = "all-minilm-l6-v2, bge-small-en-v1.5, or a HF checkpoint folder (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--split", defaultValue = "2", description = "split point m (default: ${DEFAULT-VALUE})")
    int split;

    @picocli.CommandLine.Mixin
    TaskOption task = new TaskOption();

    @Option(
            names = "--trustpilot",
            defaultValue = "../shared/data/trustpilot_en",
            description = "TrustPilot folder with train.csv and test.csv (default: ${DEFAULT-VALUE})")
    Path trustpilot;

    @Option(
            names = "--out",
            defaultValue = "out/experiment",
            description = "results folder; rerun with the same folder to resume (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--eta",
            split = ",",
            defaultValue = "25,50,100,200",
            description = "eta values swept for each of --mechanisms (default: ${DEFAULT-VALUE})")
    List<Double> etas;

    @Option(
            names = "--mechanisms",
            split = ",",
            defaultValue = "dchi,sap-cti,privtune",
            description = "mechanisms swept over eta (default: ${DEFAULT-VALUE})")
    List<String> mechanisms;

    @Option(
            names = "--ablations",
            split = ",",
            defaultValue = "privtune-no-shift,privtune-no-importance,gaussian",
            description = "cells run at --ablation-eta only (default: ${DEFAULT-VALUE}); 'none' for no ablations")
    List<String> ablations;

    @Option(names = "--ablation-eta", defaultValue = "100", description = "(default: ${DEFAULT-VALUE})")
    double ablationEta;

    @Option(
            names = {"-P", "--param"},
            description = "parameter for every privtune variant, e.g. -P kappa=0.7")
    Map<String, String> privtuneParameters = new LinkedHashMap<>();

    @Option(
            names = "--cell",
            description = "an extra cell NAME:key=value,..., e.g. --cell privtune:eta=100,kappa=0.6 (repeatable)")
    List<String> extraCells = new ArrayList<>();

    @Option(
            names = "--train-subset",
            defaultValue = "20000",
            description = "the task's training examples per fine-tuning, 0 = all (default: ${DEFAULT-VALUE})")
    int trainSubset;

    @Option(names = "--epochs", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "(default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-4", description = "(default: ${DEFAULT-VALUE})")
    float learningRate;

    /** The default tokens per text of a classification grid; a QA grid cuts TrustPilot's attribute texts here too. */
    static final int TEXT_LENGTH = 64;

    @Option(
            names = "--max-length",
            defaultValue = "" + TEXT_LENGTH,
            description = "tokens per text; with --task squad the window length, " + QaFinetune.DEFAULT_WINDOW
                    + " unless given (default: ${DEFAULT-VALUE})")
    int maxLength;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nExtractive QA (--task squad):%n")
    QaFinetune.Options qa = new QaFinetune.Options();

    @Option(
            names = "--seed",
            defaultValue = "0",
            description =
                    "the first run's seed: training sample, top-model initialisation, dropout, attacker training, and the "
                            + "noise keys' replicate (seed 0: the key itself) (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--seeds",
            defaultValue = "1",
            description =
                    "runs per cell, with seeds --seed, --seed + 1, ... (fine-tuning, noise key replicate, attacker "
                            + "training); the report gives means and 95 %% bootstrap intervals (default: ${DEFAULT-VALUE})")
    int seeds;

    @picocli.CommandLine.Mixin
    NoiseKeyOptions noise = new NoiseKeyOptions();

    @Option(
            names = "--attacker-sentences",
            defaultValue = "" + AttackSettings.AUXILIARY_SENTENCES,
            converter = TokenAttackOptions.SentenceCount.class,
            description = "attacker's task training texts for the inversion models, or 'all' (every training text "
                    + "outside the victim's sample) (default: ${DEFAULT-VALUE})")
    int attackerSentences;

    @Option(
            names = "--inversion-epochs",
            defaultValue = "" + AttackSettings.INVERSION_EPOCHS,
            description = "the inversion MLP's epoch cap; it stops earlier on a plateau (default: ${DEFAULT-VALUE})")
    int inversionEpochs;

    @picocli.CommandLine.Mixin
    TokenAttackOptions tokenAttacks = new TokenAttackOptions();

    @Option(
            names = "--optimisation-sentences",
            defaultValue = "" + AttackSettings.OPTIMISATION_SENTENCES,
            description = "victim dev sentences the optimisation attack inverts (default: ${DEFAULT-VALUE})")
    int optimisationSentences;

    @Option(
            names = "--optimisation-steps",
            defaultValue = "" + AttackSettings.OPTIMISATION_STEPS,
            description = "(default: ${DEFAULT-VALUE})")
    int optimisationSteps;

    @Option(
            names = "--attribute-texts",
            defaultValue = "" + AttackSettings.ATTRIBUTE_TEXTS,
            description = "attacker's labelled texts for attribute inference: TrustPilot reviews, or the task's own "
                    + "training texts (blog-topic) (default: ${DEFAULT-VALUE})")
    int attributeTexts;

    @Option(
            names = "--keywords",
            defaultValue = "" + AttackSettings.KEYWORDS,
            description = "keyword-mlc label set size (default: ${DEFAULT-VALUE})")
    int keywords;

    @Option(
            names = "--report-only",
            description = "rebuild report.md, results.* and the plots from the stored cells; run nothing")
    boolean reportOnly;

    @Option(
            names = "--grid",
            paramLabel = "FILE",
            description = "the grid as a YAML file (README, Grid files); an option given on the "
                    + "command line as well replaces the file's value for that field")
    Path grid;

    @Option(
            names = "--shard",
            paramLabel = "INDEX/COUNT",
            description = "one process of a scale-out run on a shared --out: shard INDEX "
                    + "(0-based) of COUNT, then any unclaimed cell; writes no report (join with --report-only). Default: from JOB_COMPLETION_INDEX "
                    + "or SLURM_ARRAY_TASK_ID, else the whole grid")
    String shardOption;

    @Option(
            names = "--shards",
            paramLabel = "COUNT",
            description = "the shard count when the index comes from JOB_COMPLETION_INDEX or "
                    + "SLURM_ARRAY_TASK_ID (default: $" + Shard.COUNT_VARIABLE + ", else SLURM_ARRAY_TASK_COUNT)")
    Integer shards;

    @Option(
            names = "--retake-claims",
            description = "also retake unfinished cells claimed from another machine; only when no other process "
                    + "works on --out any more (claims of processes known dead on this machine are retaken anyway)")
    boolean retakeClaims;

    @Option(
            names = "--reference",
            paramLabel = "DIR|FILE",
            description =
                    "take the grid's `none` runs from an earlier experiment with the same settings and seeds (its "
                            + "results folder, or its results.json, which keeps no per-example outcomes) instead of "
                            + "computing them again; give it to every process of a sharded run")
    Path reference;

    @Option(
            names = "--partial",
            description =
                    "report the cells that have a result, marked partial, instead of refusing a grid with missing cells")
    boolean partial;

    /** Whether --max-length was set, on the command line or in the grid file (else QA takes its own window default). */
    private boolean lengthGiven;

    /** The grid file is the base: an option given on the command line replaces the file's value (a list or -P map as a whole). */
    void applyGrid() {
        lengthGiven = spec != null && spec.commandLine().getParseResult().hasMatchedOption("--max-length");
        if (grid != null) {
            GridFile.read(grid).options().forEach((option, value) -> {
                if (!spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    spec.findOption(option).setValue(value);
                }
                lengthGiven |= option.equals("--max-length");
            });
        }
    }

    /**
     * The experiment's settings from the options: for --task squad the QA options and its window default; the QA
     * options with another task are refused, as the settings refuse squad cells that need classes.
     */
    ExperimentSettings settings() {
        boolean squad = io.privtune.split.task.SquadTask.NAME.equals(task.name);
        if (!squad) {
            qa.refuseGiven();
        }
        if (squad && !lengthGiven) {
            maxLength = QaFinetune.DEFAULT_WINDOW;
        }
        AttackSettings attacks = tokenAttacks.apply(new AttackSettings(
                attackerSentences,
                inversionEpochs,
                optimisationSentences,
                optimisationSteps,
                AttackSettings.OPTIMISATION_RATE,
                attributeTexts,
                keywords,
                // QA's window is no text length for TrustPilot: its attribute texts are cut as in the classification
                // grids
                squad ? TEXT_LENGTH : maxLength));
        List<CellSpec> extra = extraCells.stream().map(CellSpec::parse).toList();
        List<String> ablationNames = ablations.equals(List.of("none")) ? List.of() : ablations;
        ModelSource source = ModelSource.resolve(model);
        if (squad) { // refused here, before the bottom model and the attack corpora are built
            io.privtune.split.qa.QaWindows.requireFits(
                    maxLength, qa.options(), source.name(), source.shape().maxSequence());
        }
        int dim = source.shape().hidden();
        List<CellSpec> cells =
                ExperimentGrid.standard(etas, mechanisms, ablationNames, ablationEta, privtuneParameters, extra, dim);
        return new ExperimentSettings(
                model,
                split,
                task.data(),
                trustpilot,
                out,
                trainSubset,
                epochs,
                batchSize,
                learningRate,
                maxLength,
                16,
                seed,
                attacks,
                cells,
                seeds,
                task.name,
                squad ? qa.options() : null);
    }

    @Override
    public Integer call() {
        applyGrid();
        ExperimentSettings settings = settings();
        List<CellSpec> cells = settings.cells();
        String command = "./privtune "
                + String.join(
                        " ",
                        spec.commandLine().getParseResult().originalArgs().stream()
                                .filter(a -> !a.equals("--report-only") && !a.equals("--partial"))
                                .toList());
        System.out.println("PrivTune experiment: " + cells.size() + " cells "
                + cells.stream().map(CellSpec::id).toList() + (seeds > 1 ? ", " + seeds + " seeds each" : ""));
        Shard shard = reportOnly ? null : Shard.resolve(shardOption, shards, System.getenv());
        if (reference != null) {
            ReferenceRuns.adopt(settings, reference);
        }
        if (!reportOnly) {
            try (CellQueue queue = CellQueue.open(settings, shard, retakeClaims)) {
                new ExperimentRunner(backend.get(), ConsoleProgress::new)
                        .run(
                                settings,
                                noise.settings(
                                        out.resolve("noise.key"),
                                        io.privtune.split.train.NoiseSettings.EpochNoise.SAME),
                                queue);
                System.out.println(queue.summary());
            }
            if (shard.sharded()) {
                System.out.println(
                        "A shard writes no report: when all are done, join them with the same command and --report-only");
                return 0;
            }
        }
        List<CellResult> results = StoredCells.join(settings, partial);
        ExperimentReport.write(settings, results, command);
        System.out.println();
        Headline.check(CellStatistics.of(results), settings).forEach(System.out::println);
        System.out.println();
        System.out.println("Results: " + out.toAbsolutePath().normalize()
                + " (report.md, results.json, results.csv, statistics.csv, frontier-*.png)");
        return 0;
    }
}
