package io.privtune.split.experiment;

import io.privtune.core.io.ReplacedFile;
import io.privtune.split.stats.Bootstrap;
import io.privtune.split.stats.Estimate;
import io.privtune.split.task.UtilityMetric;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The experiment's means and 95 % intervals: statistics.csv (one row per cell and metric) and the report's
 * section with every metric of every cell as {@code mean [lo, hi]}. Generic over the metrics the cells carry.
 */
final class StatisticsReport {
    static final List<String> HEADER = List.of("cell", "metric", "mean", "lo", "hi", "n", "seeds");

    private StatisticsReport() {}

    static void writeCsv(List<CellStatistics> statistics, Path file, UtilityMetric utility) throws IOException {
        ReplacedFile.write(file, temporary -> writeCsvTo(statistics, temporary, utility));
    }

    /**
     * The name a metric is printed under: the cells' utility ({@link CellResult#ACCURACY}) by what it is, e.g.
     * "exact match" for QA, so that QA's exact match is never called accuracy.
     */
    static String shownName(String metric, UtilityMetric utility) {
        return metric.equals(CellResult.ACCURACY) ? ExperimentReport.columnName(utility) : metric;
    }

    private static void writeCsvTo(List<CellStatistics> statistics, Path file, UtilityMetric utility)
            throws IOException {
        try (Writer w = Files.newBufferedWriter(file);
                CSVPrinter csv = new CSVPrinter(
                        w,
                        CSVFormat.RFC4180
                                .builder()
                                .setHeader(HEADER.toArray(String[]::new))
                                .get())) {
            for (CellStatistics s : statistics) {
                for (var e : s.estimates().entrySet()) {
                    Estimate v = e.getValue();
                    csv.printRecord(
                            s.cell(),
                            shownName(e.getKey(), utility),
                            number(v.mean()),
                            number(v.lower()),
                            number(v.upper()),
                            v.hasInterval() ? Integer.toString(v.n()) : "", // no outcomes, no count
                            s.seeds());
                }
            }
        }
    }

    /** The report's section: one table, a row per metric, a column per cell. */
    static String markdown(List<CellStatistics> statistics, UtilityMetric utility) {
        StringBuilder md = new StringBuilder();
        int seeds = statistics.stream().mapToInt(CellStatistics::seeds).max().orElse(0);
        md.append("## Means and 95 % bootstrap intervals\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Each value is `mean [lo, hi]` in percent (scores that are not rates, e.g. mean-cosine, as they are): the "
                        + "mean over %d seed(s) and the %.0f %% percentile bootstrap interval (B = %d, fixed seed) over the "
                        + "per-example outcomes, evaluation examples for %s and attacked tokens or texts for the attacks, "
                        + "resampled within each seed (the same draw for every seed, which score the same examples) and "
                        + "averaged over the seeds. Two cells whose intervals overlap are not separable at 95 %%. A value "
                        + "without an interval has no per-example outcomes (F1 scores, baselines, cells stored before they "
                        + "were kept). Also in statistics.csv.%n%n",
                seeds,
                100 * Bootstrap.LEVEL,
                Bootstrap.RESAMPLES,
                utility.label()));
        Set<String> names = new LinkedHashSet<>();
        statistics.forEach(s -> names.addAll(s.estimates().keySet()));
        List<String> columns = new ArrayList<>(names);
        md.append("| metric |");
        statistics.forEach(s -> md.append(' ').append(s.cell()).append(" |"));
        md.append("\n|---|");
        statistics.forEach(s -> md.append("---:|"));
        md.append('\n');
        for (String name : columns) {
            md.append("| ").append(shownName(name, utility)).append(" |");
            for (CellStatistics s : statistics) {
                Estimate e = s.estimate(name);
                md.append(' ').append(shown(name, e)).append(" |");
            }
            md.append('\n');
        }
        return md.append('\n').toString();
    }

    /**
     * The report's section of every cell's {@link UtilityDrop} against `none`, paired by seed and example; "" without a
     * `none` cell, or when no cell has an interval (one seed and no per-example outcomes).
     */
    static String dropsMarkdown(List<CellStatistics> statistics, UtilityMetric utility) {
        CellStatistics none = statistics.stream()
                .filter(s -> s.runs().get(0).mechanism().equals("none"))
                .findFirst()
                .orElse(null);
        if (none == null) {
            return "";
        }
        StringBuilder rows = new StringBuilder();
        for (CellStatistics s : statistics) {
            if (s == none) {
                continue;
            }
            UtilityDrop.of(none, s, Bootstrap.standard())
                    .filter(UtilityDrop::hasInterval)
                    .ifPresent(d -> rows.append(String.format(
                            Locale.ROOT,
                            "| %s | %.2f | %s | %s | %s | %s |%n",
                            s.cell(),
                            d.points(),
                            UtilityDrop.bounds(d.examples()),
                            UtilityDrop.bounds(d.seeds()),
                            d.seedList(),
                            d.dropList())));
        }
        if (rows.isEmpty()) {
            return "";
        }
        return String.format(
                        Locale.ROOT,
                        "## Drop in %s against none, paired%n%n"
                                + "Each cell's run of seed s against `none`'s run of seed s, evaluation example against "
                                + "example, in points, over the seeds both ran. Sharper than whether two cells' intervals "
                                + "above overlap: both cells score the same examples, and pairing removes what those "
                                + "examples share. Two %.0f %% intervals, for the two sources of noise: over the evaluation "
                                + "examples (paired percentile bootstrap, B = %d, given these seeds) and over the seeds "
                                + "(Student t on the per-seed drops, given this evaluation split). Neither covers both: a "
                                + "drop can be said to differ from a value only where both exclude it, and even then the "
                                + "joint uncertainty is wider than either.%n%n"
                                + "| cell | drop (pts) | over examples | over seeds | seeds | per seed |%n"
                                + "|---|---:|---|---|---|---|%n",
                        utility.label(),
                        100 * Bootstrap.LEVEL,
                        Bootstrap.RESAMPLES)
                + rows
                + "\n";
    }

    /** Rates in percent; counts (attacker texts, devices) as whole numbers; cosines and other scores as they are. */
    static String shown(String metric, Estimate e) {
        if (AttackSuite.COUNTS.contains(metric)) {
            return Double.isNaN(e.mean()) ? "-" : String.format(Locale.ROOT, "%.0f", e.mean());
        }
        boolean rate = !metric.contains("cosine") || metric.startsWith("knn.");
        return rate ? e.percent() : e.plain();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6f", value);
    }
}
