package io.privtune.split.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.privtune.core.io.ReplacedFile;
import io.privtune.split.RunEnvironment;
import io.privtune.split.task.SquadTask;
import io.privtune.split.task.UtilityMetric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes an experiment's results.json, results.csv (one row per stored result: per run with several seeds),
 * statistics.csv, report.md and frontier plots (per grid cell: means over its seeds with 95 % intervals, {@link
 * CellStatistics}).
 */
public final class ExperimentReport {
    /** The mechanism parameters worth a column (the rest are in results.json). */
    private static final List<String> PARAMETER_COLUMNS =
            List.of("eta", "kappa", "lambda", "sigma", "importance", "target");

    private ExperimentReport() {}

    public static void write(ExperimentSettings settings, List<CellResult> cells, String command) {
        Path out = settings.out();
        try {
            Files.createDirectories(out);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("command", command);
            if (cells.size() < settings.runs().size()) {
                json.put("partial", missing(settings, cells)); // a join asked to report what exists (--partial)
            }
            List<ReferenceRuns.Taken> taken = ReferenceRuns.standing(settings);
            if (!taken.isEmpty()) {
                json.put("reference", taken);
            }
            json.put("settings", settings);
            json.put("environment", RunEnvironment.describe());
            // the per-example outcomes stay in cells/*.json; statistics.csv has what they give
            json.put("cells", cells.stream().map(CellResult::withoutOutcomes).toList());
            ReplacedFile.write(
                    out.resolve("results.json"),
                    temporary -> new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValue(temporary.toFile(), json));
            writeCsv(cells, out.resolve("results.csv"), settings.utility());
            List<CellStatistics> statistics = CellStatistics.of(cells);
            StatisticsReport.writeCsv(statistics, out.resolve("statistics.csv"), settings.utility());
            List<String> plots = FrontierPlots.withIntervals(
                    statistics,
                    out,
                    settings.model() + ", m = " + settings.splitPoint(),
                    evaluationText(settings),
                    settings.utility().label());
            ReplacedFile.write(
                    out.resolve("report.md"),
                    markdown(settings, cells, command, plots, taken).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the experiment report to " + out + ": " + e.getMessage(), e);
        }
    }

    private static void writeCsv(List<CellResult> cells, Path file, UtilityMetric utility) throws IOException {
        ReplacedFile.write(file, temporary -> writeCsvTo(cells, temporary, utility));
    }

    private static void writeCsvTo(List<CellResult> cells, Path file, UtilityMetric utility) throws IOException {
        List<String> metrics = metricNames(cells);
        List<String> header = new ArrayList<>(List.of("id", "mechanism", "seed"));
        header.addAll(PARAMETER_COLUMNS);
        String column = columnName(utility);
        header.addAll(
                List.of(column, column + "_drop_points", "median_effective_eta", "finetune_seconds", "attack_seconds"));
        header.addAll(metrics);
        double reference = referenceAccuracy(cells);
        try (Writer w = Files.newBufferedWriter(file);
                CSVPrinter csv = new CSVPrinter(
                        w,
                        CSVFormat.RFC4180
                                .builder()
                                .setHeader(header.toArray(String[]::new))
                                .get())) {
            for (CellResult c : cells) {
                List<Object> row = new ArrayList<>(List.of(c.id(), c.mechanism(), c.seed()));
                for (String p : PARAMETER_COLUMNS) {
                    row.add(c.mechanism().equals("none") ? "" : c.parameters().getOrDefault(p, ""));
                }
                row.addAll(List.of(
                        c.accuracy(),
                        100 * (sameSeedReference(cells, c, reference) - c.accuracy()),
                        c.medianEffectiveEta(),
                        c.fineTuneSeconds(),
                        c.attackSeconds()));
                for (String m : metrics) {
                    row.add(c.metric(m));
                }
                csv.printRecord(row);
            }
        }
    }

    /** The utility's column name in the CSV files: "accuracy", or "exact_match" for QA. */
    static String columnName(UtilityMetric utility) {
        return utility.label().replace(' ', '_').replace('-', '_').toLowerCase(Locale.ROOT);
    }

    /** E.g. "sst2 dev.tsv": the task and the split its utility, and the token attacks' victim text, come from. */
    static String evaluationText(ExperimentSettings s) {
        if (s.extractiveQa()) {
            return s.task() + " " + SquadTask.evaluationSplit() + ", "
                    + (s.qa().evaluationQuestions() == 0
                            ? "all questions"
                            : s.qa().evaluationQuestions() + " questions")
                    + ", " + s.qa().upload().name().toLowerCase(Locale.ROOT) + " layout";
        }
        io.privtune.split.task.ClassificationTask task = s.classificationTask();
        return task.name() + " " + task.evaluationSplit();
    }

    /**
     * A warning for each attacker that trained on fewer texts than asked: the victim's texts leave the attackers'
     * pools (with several seeds, every seed's fine-tuning sample), so a pool can run short, and those attacks are
     * then weaker than the budget the paragraph above states.
     */
    private static String shortAttacker(List<CellResult> cells, AttackSettings a) {
        return shortBudget(cells, AttackSuite.ATTACKER_TEXTS, a.auxiliarySentences(), "token attackers")
                + shortBudget(cells, AttackSuite.ATTRIBUTE_ATTACKER_TEXTS, a.attributeTexts(), "attribute attackers");
    }

    /** The warning for one attacker's budget ({@code asked} 0: every text there is, never short). */
    private static String shortBudget(List<CellResult> cells, String metric, int asked, String who) {
        double fewest = cells.stream()
                .mapToDouble(c -> c.metric(metric))
                .filter(v -> !Double.isNaN(v))
                .min()
                .orElse(Double.NaN);
        if (Double.isNaN(fewest) || asked == 0 || fewest >= asked) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "**The %s trained on %.0f texts, not the %d asked for**: their pool holds no more once the "
                        + "victim's texts (with several seeds, every seed's fine-tuning sample) leave it. Their rates "
                        + "are those of a weaker attacker than the budget above; fine-tune on fewer examples or fewer "
                        + "seeds for the full budget.%n%n",
                who,
                fewest,
                asked);
    }

    /** Below this top-1 rate against {@code none}'s clean uploads, a token attack is not working at its budget. */
    static final double BLIND_BELOW = 0.10;

    /**
     * The warning for each token attack that fails against {@code none}, whose uploads are the clean
     * representations: its low rates in the noisy cells then say nothing about privacy. The optimisation attack is
     * the one that does so at a small step budget (it reads 0 % of clean MiniLM tokens at 20 Adam steps).
     */
    private static String blindAttacks(List<CellResult> cells) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> attack : StrongestAttacker.TOKEN_ATTACKS.entrySet()) {
            double clean = cells.stream()
                    .filter(c -> c.mechanism().equals("none"))
                    .mapToDouble(c -> c.metric(attack.getKey()))
                    .filter(v -> !Double.isNaN(v))
                    .average()
                    .orElse(Double.NaN);
            if (!Double.isNaN(clean) && clean < BLIND_BELOW) {
                out.append(String.format(
                        Locale.ROOT,
                        "**The %s attack reads %s of `none`'s tokens**, whose uploads are the clean representations: "
                                + "at this budget it fails without any noise, so its rates in the other cells say "
                                + "nothing about privacy%s.%n%n",
                        attack.getValue(),
                        pct(clean),
                        attack.getKey().startsWith("optimisation")
                                ? "; give it more Adam steps (`--optimisation-steps`; about 40 on MiniLM at m = 2)"
                                : ""));
            }
        }
        return out.toString();
    }

    /** The per-device attribute table, where the victim's devices send several texts each; else nothing. */
    private static String deviceAttributes(List<CellResult> cells, ExperimentSettings s) {
        CellResult first = cells.get(0);
        if (Double.isNaN(first.metric("majority-device.gender"))) {
            return "";
        }
        StringBuilder md = new StringBuilder(String.format(
                Locale.ROOT,
                "%n## Attribute inference per device (%s: the cloud links the %.0f authors' uploads and adds up each "
                        + "author's per-text evidence, naive Bayes; accuracy over authors; majority rate: gender %s, "
                        + "age %s)%n%n",
                attributeText(s),
                first.metric(AttackSuite.ATTRIBUTE_DEVICES),
                pct(first.metric("majority-device.gender")),
                pct(first.metric("majority-device.age"))));
        md.append("| cell | mlp gender naive / adaptive | mlp age naive / adaptive | bow gender naive / adaptive "
                + "| bow age naive / adaptive |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (CellResult c : cells) {
            md.append("| ").append(c.id());
            for (String metric : List.of(
                    "attribute-mlp-device.%s.gender",
                    "attribute-mlp-device.%s.age", "attribute-bow-device.%s.gender", "attribute-bow-device.%s.age")) {
                md.append(" | ")
                        .append(pct(c.metric(metric.formatted("naive"))))
                        .append(" / ")
                        .append(pct(c.metric(metric.formatted("adaptive"))));
            }
            md.append(" |\n");
        }
        return md.toString();
    }

    /** The texts attribute inference attacks: the task's own where they carry private attributes, else TrustPilot's. */
    static String attributeText(ExperimentSettings s) {
        return !s.extractiveQa() && s.classificationTask().carriesPrivateAttributes()
                ? s.task() + " " + s.classificationTask().evaluationSplit() + ", author gender and age group"
                : "TrustPilot test.csv, author gender and age group";
    }

    static String markdown(
            ExperimentSettings s,
            List<CellResult> cells,
            String command,
            List<String> plots,
            List<ReferenceRuns.Taken> referenceRuns) {
        StringBuilder md = new StringBuilder();
        md.append("# PrivTune experiment: privacy against utility\n\n");
        if (cells.size() < s.runs().size()) {
            md.append("**Partial report: ")
                    .append(cells.size())
                    .append(" of ")
                    .append(s.runs().size())
                    .append(" cells; missing: ")
                    .append(String.join(", ", missing(s, cells)))
                    .append(".**\n\n");
        }
        md.append("Command: `").append(command).append("`\n\n");
        for (ReferenceRuns.Taken taken : referenceRuns) {
            md.append("Reference runs ")
                    .append(String.join(", ", taken.runs().keySet()))
                    .append(" taken from `")
                    .append(taken.source())
                    .append("` (`--reference`), not computed in this folder")
                    .append(taken.withOutcomes() ? "" : "; without per-example outcomes (intervals over seeds only)")
                    .append(".\n\n");
        }
        List<CellStatistics> statistics = CellStatistics.of(cells);
        cells = CellStatistics.means(statistics); // one row per grid cell: the mean over its seeds
        double reference = referenceAccuracy(cells);
        Map<String, String> env = RunEnvironment.describe();
        md.append(String.format(
                Locale.ROOT,
                "Model %s split at m = %d. Utility: %s%s after private fine-tuning on %s training "
                        + "%s, %d epoch(s), batch %d, lr %s, seed %d%s (same seed and budget in every cell). Machine: %s.%n%n",
                s.model(),
                s.splitPoint(),
                evaluationText(s),
                s.extractiveQa()
                        ? ": exact match (and F1 in the statistics; windows of " + s.maxLength() + " tokens)"
                        : " accuracy (and macro-F1 in the statistics)",
                s.trainSubset() == 0 ? "all" : Integer.toString(s.trainSubset()),
                s.extractiveQa() ? "questions" : "examples",
                s.epochs(),
                s.batchSize(),
                s.learningRate(),
                s.seed(),
                s.seeds() > 1
                        ? " to " + (s.seed() + s.seeds() - 1) + " (" + s.seeds()
                                + " runs per cell; the tables give means, intervals below)"
                        : "",
                env.get("cores") + " cores, " + env.get("os") + ", " + env.get("java") + ", " + env.get("engine")));
        java.util.Set<String> noise = new java.util.TreeSet<>();
        cells.forEach(c -> noise.add(
                c.noise() == null
                        ? "not recorded (cells stored before the secret noise key; their noise came from a public seed)"
                        : c.noise()));
        md.append("Device noise, per cell as stored: ")
                .append(String.join("; ", noise))
                .append(".\n\n");
        AttackSettings a = s.attacks();
        md.append(String.format(
                Locale.ROOT,
                "Attacks (docs/DESIGN.md §4): token inversion against the victim's %s upload (knn: nearest row of R, "
                        + "strongest of cosine, L2 and, for Mahalanobis-shaped noise, L2 after whitening; inversion-model: MLP d-1024-V trained on %s attacker %s training texts outside every seed's sample%s, up to %d epochs, "
                        + "naive = clean, adaptive = same mechanism; contextual: %s; optimisation: %d victim texts, %d Adam steps). Attribute inference on "
                        + "%s (attacker: %d labelled texts): attribute-mlp on mean-pooled uploads, attribute-bow "
                        + "(logistic regression on knn-decoded tokens), keyword-mlc (%d content words, micro-F1). Attacker and victim texts are "
                        + "disjoint (checked).%n%n",
                evaluationText(s),
                a.auxiliarySentences() == 0 ? "all" : Integer.toString(a.auxiliarySentences()),
                s.task(),
                s.extractiveQa()
                        ? " (" + qaTexts(s) + " as the device uploads them, of paragraphs no seed trains on; "
                                + "the victim's: each distinct text the device uploads for the evaluation questions, once)"
                        : "",
                a.inversionEpochs(),
                contextualBudget(a),
                a.optimisationSentences(),
                a.optimisationSteps(),
                attributeText(s),
                a.attributeTexts(),
                a.keywords()));

        md.append(shortAttacker(cells, a));
        md.append(blindAttacks(cells));
        md.append("## Headline\n\n");
        Headline.check(statistics, s).forEach(line -> md.append(line).append('\n'));
        md.append('\n');
        md.append(StatisticsReport.markdown(statistics, s.utility()));
        md.append(StatisticsReport.dropsMarkdown(statistics, s.utility()));

        md.append("## Token inversion (" + evaluationText(s) + ", top-1 ASR; top-5 in results.csv)\n\n");
        md.append("| cell | " + s.utility().label()
                + " | drop (pts) | knn | inversion naive | inversion adaptive | optimisation | cos(h~, h) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (CellResult c : cells) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.2f | %s | %s | %s | %s | %.3f |%n",
                    c.id(),
                    pct(c.accuracy()),
                    100 * (reference - c.accuracy()),
                    pct(c.metric("knn.top1")),
                    pct(c.metric("inversion.naive.top1")),
                    pct(c.metric("inversion.adaptive.top1")),
                    pct(c.metric("optimisation.top1")),
                    c.metric("mean-cosine")));
        }
        md.append('\n').append(StrongestAttacker.markdown(cells, reference, evaluationText(s), s.utility()));
        CellResult first = cells.get(0);
        md.append(String.format(
                Locale.ROOT,
                "%n## Attribute inference (%s, attacker accuracy; majority rate: gender %s, age %s; "
                        + "keyword-mlc F1 of the constant guess: %.3f)%n%n",
                attributeText(s),
                pct(first.metric("majority.gender")),
                pct(first.metric("majority.age")),
                first.metric("keyword-mlc.baseline.f1")));
        md.append(
                "| cell | mlp gender naive / adaptive | mlp age naive / adaptive | bow gender naive / adaptive | bow age naive / adaptive | keyword F1 naive / adaptive |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (CellResult c : cells) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s / %s | %s / %s | %s / %s | %s / %s | %.3f / %.3f |%n",
                    c.id(),
                    pct(c.metric("attribute-mlp.naive.gender")),
                    pct(c.metric("attribute-mlp.adaptive.gender")),
                    pct(c.metric("attribute-mlp.naive.age")),
                    pct(c.metric("attribute-mlp.adaptive.age")),
                    pct(c.metric("attribute-bow.naive.gender")),
                    pct(c.metric("attribute-bow.adaptive.gender")),
                    pct(c.metric("attribute-bow.naive.age")),
                    pct(c.metric("attribute-bow.adaptive.age")),
                    c.metric("keyword-mlc.naive.f1"),
                    c.metric("keyword-mlc.adaptive.f1")));
        }
        md.append(deviceAttributes(cells, s));
        md.append("\n## Plots\n\n");
        for (String plot : plots) {
            md.append("![").append(plot).append("](").append(plot).append(")\n");
        }
        md.append(
                "\n## Cells\n\n| cell | privacy statement | median eta_i | fine-tuning s | attacks s | attacks by part, s |\n"
                        + "|---|---|---:|---:|---:|---|\n");
        for (CellResult c : cells) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %.0f | %.0f | %s |%n",
                    c.id(),
                    c.privacyStatement(),
                    Double.isNaN(c.medianEffectiveEta())
                            ? "-"
                            : String.format(Locale.ROOT, "%.1f", c.medianEffectiveEta()),
                    c.fineTuneSeconds(),
                    c.attackSeconds(),
                    attackParts(c)));
        }
        return md.toString();
    }

    /** The attack time by part ({@code <part>.seconds}, as AttackSuite measures it); "-" for cells without it. */
    private static String attackParts(CellResult c) {
        List<String> parts = new ArrayList<>();
        c.metrics().forEach((name, seconds) -> {
            if (name.endsWith(".seconds")) {
                parts.add(String.format(
                        Locale.ROOT, "%s %.0f", name.substring(0, name.length() - ".seconds".length()), seconds));
            }
        });
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** The contextual model's and early stopping's budget, in words. */
    private static String contextualBudget(AttackSettings a) {
        return String.format(
                        Locale.ROOT,
                        "%s, %s sentences, up to %d epochs; both learned models stop after %d epochs without "
                                + "improvement on %.0f %% of their sentences held out and keep their best epoch%s",
                        a.contextualConfig().words(),
                        a.contextualSentences() == 0 ? "all" : Integer.toString(a.contextualSentences()),
                        a.contextualEpochs(),
                        a.patience(),
                        100 * a.heldOut(),
                        a.freshAdaptiveNoise()
                                ? "; the adaptive inversion MLP and contextual model train on fresh noise every epoch"
                                : "; the adaptive inversion MLP and contextual model train on one noise release of "
                                        + "their text (`--no-adaptive-fresh-noise`) instead of the default's fresh "
                                        + "release every epoch")
                + (a.naiveCut()
                        ? "; the naive models are cut to at most " + a.naiveEpochs()
                                + " epoch(s) (`--naive-epochs`), so their rates are likely underestimates"
                        : "");
    }

    private static List<String> missing(ExperimentSettings s, List<CellResult> cells) {
        Set<String> present = new java.util.HashSet<>();
        cells.forEach(c -> present.add(c.id()));
        return s.runs().stream()
                .map(CellSpec::id)
                .filter(id -> !present.contains(id))
                .toList();
    }

    /** A run's drop is against the `none` run of its own seed (the experiment's `none` when there is none). */
    private static double sameSeedReference(List<CellResult> cells, CellResult c, double fallback) {
        return cells.stream()
                .filter(r -> r.mechanism().equals("none") && r.seed() == c.seed())
                .mapToDouble(CellResult::accuracy)
                .findFirst()
                .orElse(fallback);
    }

    static double referenceAccuracy(List<CellResult> cells) {
        return cells.stream()
                .filter(c -> c.mechanism().equals("none"))
                .mapToDouble(CellResult::accuracy)
                .findFirst()
                .orElse(Double.NaN);
    }

    private static List<String> metricNames(List<CellResult> cells) {
        Set<String> names = new LinkedHashSet<>();
        cells.forEach(c -> names.addAll(c.metrics().keySet()));
        return new ArrayList<>(names);
    }

    private static String pct(double rate) {
        return ExperimentRunner.percent(rate);
    }

    /** What a QA grid's uploaded texts are in its layout: a question and its context chunks apart, or whole windows. */
    private static String qaTexts(ExperimentSettings s) {
        return s.qa().upload() == io.privtune.split.qa.QaOptions.Upload.JOINT
                ? "whole windows (question and context together)"
                : "questions and context chunks";
    }
}
