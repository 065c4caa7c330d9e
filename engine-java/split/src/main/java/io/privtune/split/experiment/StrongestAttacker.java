package io.privtune.split.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Per cell, the token-inversion attack with the highest top-1 ASR (docs/DESIGN.md §4: "report the strongest per
 * cell"). A defence is only as private as its strongest attacker allows, so the report names it and a frontier is
 * drawn against it. Only the token attacks' top-1 rates compete; other metrics (kept epochs, cosines, the knn
 * variants already folded into {@code knn.top1}) never do. A tie goes to the attack listed first.
 */
public final class StrongestAttacker {
    /** The metric of each token attack's top-1 rate and the name the report gives it. */
    static final Map<String, String> TOKEN_ATTACKS = tokenAttacks();

    /** Metric key under which plots and tables read the strongest rate. */
    static final String METRIC = "strongest.top1";

    /** The strongest attack of a cell: its report name, its metric and its top-1 rate. */
    public record Pick(String name, String metric, double top1) {}

    private StrongestAttacker() {}

    private static Map<String, String> tokenAttacks() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("knn.top1", "knn");
        m.put("inversion.naive.top1", "inversion naive");
        m.put("inversion.adaptive.top1", "inversion adaptive");
        m.put("contextual.naive.top1", "contextual naive");
        m.put("contextual.adaptive.top1", "contextual adaptive");
        m.put("optimisation.top1", "optimisation");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The strongest token attack among a cell's metrics; empty when the cell has no token-attack rate. */
    public static Optional<Pick> of(Map<String, Double> metrics) {
        Pick best = null;
        for (Map.Entry<String, String> attack : TOKEN_ATTACKS.entrySet()) {
            Double rate = metrics.get(attack.getKey());
            if (rate != null && !rate.isNaN() && (best == null || rate > best.top1())) {
                best = new Pick(attack.getValue(), attack.getKey(), rate);
            }
        }
        return Optional.ofNullable(best);
    }

    /** A cell's metric, or for {@link #METRIC} its strongest token attack's top-1 rate (NaN when none). */
    static double metric(CellResult cell, String key) {
        return key.equals(METRIC) ? of(cell.metrics()).map(Pick::top1).orElse(Double.NaN) : cell.metric(key);
    }

    /** The metric behind a plotted key: for {@link #METRIC} the cell's strongest attack's, otherwise the key. */
    static String source(CellResult cell, String key) {
        return key.equals(METRIC) ? of(cell.metrics()).map(Pick::metric).orElse(key) : key;
    }

    /** The report's table: the contextual attacks and the strongest attacker per cell. */
    static String markdown(
            List<CellResult> cells, double reference, String evaluation, io.privtune.split.task.UtilityMetric utility) {
        StringBuilder md = new StringBuilder();
        md.append("## Strongest token attacker (" + evaluation + ", top-1 ASR; the frontier-strongest.png plot)\n\n");
        md.append("| cell | " + utility.label()
                + " | drop (pts) | contextual naive | contextual adaptive | strongest |\n");
        md.append("|---|---:|---:|---:|---:|---|\n");
        for (CellResult c : cells) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.2f | %s | %s | %s |%n",
                    c.id(),
                    ExperimentRunner.percent(c.accuracy()),
                    100 * (reference - c.accuracy()),
                    ExperimentRunner.percent(c.metric("contextual.naive.top1")),
                    ExperimentRunner.percent(c.metric("contextual.adaptive.top1")),
                    of(c.metrics())
                            .map(p -> p.name() + " " + ExperimentRunner.percent(p.top1()))
                            .orElse("-")));
        }
        return md.toString();
    }
}
