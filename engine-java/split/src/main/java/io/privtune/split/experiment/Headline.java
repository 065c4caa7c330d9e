package io.privtune.split.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The paper's headline checked on a finished grid (issue 4): a privtune cell with knn ASR &le; 10 % and a
 * utility drop &le; 3.33 points against {@code none}; and, at matched knn ASR, privtune's accuracy above
 * dchi's and sap-cti's. A baseline's accuracy at a given ASR is read off its own frontier (its cells sorted
 * by ASR, linearly interpolated); outside the ASR range a baseline reached, there is nothing to match.
 */
public final class Headline {
    public static final double ASR_TARGET = 0.10;
    public static final double DROP_TARGET = 3.33;
    private static final String METRIC = "knn.top1";
    /** The learned attacks the headline is also read against: privtune's frontier need not win there. */
    public static final java.util.List<String> ALSO_MATCHED =
            java.util.List.of("inversion.adaptive.top1", "optimisation.top1");
    /** Below this, `none` itself has barely learnt SST-2 (chance is 50 %), and every drop looks small. */
    private static final double CHANCE_GUARD = 0.6;

    private Headline() {}

    /** Markdown lines stating plainly what was met and what was not. */
    public static List<String> check(List<CellResult> cells) {
        List<String> out = new ArrayList<>();
        Optional<CellResult> none =
                cells.stream().filter(c -> c.mechanism().equals("none")).findFirst();
        if (none.isEmpty()) {
            out.add("No `none` cell: utility drops cannot be computed.");
            return out;
        }
        double reference = none.get().accuracy();
        if (reference < CHANCE_GUARD) {
            out.add(String.format(
                    Locale.ROOT,
                    "- `none` reaches only %s: the fine-tuning budget is too small for utility drops to mean anything.",
                    ExperimentRunner.percent(reference)));
        }
        List<CellResult> privtune = cells.stream()
                .filter(c -> c.mechanism().equals("privtune"))
                .sorted(Comparator.comparingDouble(c -> c.metric(METRIC)))
                .toList();
        if (privtune.isEmpty()) {
            out.add("No `privtune` cell in this grid.");
            return out;
        }
        List<CellResult> private10 =
                privtune.stream().filter(c -> c.metric(METRIC) <= ASR_TARGET).toList();
        Optional<CellResult> best = private10.stream().max(Comparator.comparingDouble(CellResult::accuracy));
        if (best.isEmpty()) {
            out.add(String.format(
                    Locale.ROOT,
                    "- **Not met:** no privtune cell reaches knn ASR <= %.0f %%; the lowest is %s (%s).",
                    100 * ASR_TARGET,
                    ExperimentRunner.percent(privtune.get(0).metric(METRIC)),
                    privtune.get(0).id()));
        } else {
            double drop = 100 * (reference - best.get().accuracy());
            out.add(String.format(
                    Locale.ROOT,
                    "- %s: best privtune cell with knn ASR <= %.0f %% is `%s`: knn %s, accuracy %s, drop %.2f points "
                            + "against none (%s); target <= %.2f points.",
                    drop <= DROP_TARGET ? "**Met**" : "**Not met**",
                    100 * ASR_TARGET,
                    best.get().id(),
                    ExperimentRunner.percent(best.get().metric(METRIC)),
                    ExperimentRunner.percent(best.get().accuracy()),
                    drop,
                    ExperimentRunner.percent(reference),
                    DROP_TARGET));
        }
        for (String metric : java.util.stream.Stream.concat(java.util.stream.Stream.of(METRIC), ALSO_MATCHED.stream())
                .toList()) {
            out.addAll(matched(cells, metric));
        }
        return out;
    }

    /** For each baseline, privtune's accuracy against the baseline's frontier at the same value of {@code metric}. */
    static List<String> matched(List<CellResult> cells, String metric) {
        List<String> out = new ArrayList<>();
        List<CellResult> privtune = cells.stream()
                .filter(c -> c.mechanism().equals("privtune"))
                .sorted(Comparator.comparingDouble(c -> c.metric(metric)))
                .toList();
        for (String baseline : List.of("dchi", "sap-cti")) {
            List<CellResult> frontier = cells.stream()
                    .filter(c -> c.mechanism().equals(baseline))
                    .sorted(Comparator.comparingDouble(c -> c.metric(metric)))
                    .toList();
            if (frontier.isEmpty()) {
                out.add("- No `" + baseline + "` cells to compare with.");
                continue;
            }
            int above = 0, below = 0, unmatched = 0;
            StringBuilder detail = new StringBuilder();
            for (CellResult p : privtune) {
                double asr = p.metric(metric);
                double matched = accuracyAt(frontier, asr, metric);
                if (Double.isNaN(matched)) {
                    unmatched++;
                    continue;
                }
                if (p.accuracy() > matched) {
                    above++;
                } else {
                    below++;
                }
                detail.append(String.format(
                        Locale.ROOT,
                        " `%s` %s vs %s at %s;",
                        p.id(),
                        ExperimentRunner.percent(p.accuracy()),
                        ExperimentRunner.percent(matched),
                        ExperimentRunner.percent(asr)));
            }
            double low = frontier.get(0).metric(metric);
            double high = frontier.get(frontier.size() - 1).metric(metric);
            out.add(String.format(
                    Locale.ROOT,
                    "- %s, against %s (its cells span %s to %s): privtune's accuracy above at %d matched points, "
                            + "not above at %d, %d privtune cells outside that range.%s",
                    metric,
                    baseline,
                    ExperimentRunner.percent(low),
                    ExperimentRunner.percent(high),
                    above,
                    below,
                    unmatched,
                    detail.length() == 0 ? "" : " Matched:" + detail.substring(0, detail.length() - 1) + "."));
        }
        return out;
    }

    /** A frontier's accuracy at knn ASR {@code asr}, interpolated between its two nearest cells; NaN outside its range. */
    static double accuracyAt(List<CellResult> sortedByAsr, double asr) {
        return accuracyAt(sortedByAsr, asr, METRIC);
    }

    static double accuracyAt(List<CellResult> sortedByAsr, double asr, String metric) {
        for (int i = 0; i < sortedByAsr.size(); i++) {
            CellResult c = sortedByAsr.get(i);
            double x = c.metric(metric);
            if (x == asr) {
                return c.accuracy();
            }
            if (x > asr) {
                if (i == 0) {
                    return Double.NaN;
                }
                CellResult lower = sortedByAsr.get(i - 1);
                double x0 = lower.metric(metric);
                double t = (asr - x0) / (x - x0);
                return lower.accuracy() + t * (c.accuracy() - lower.accuracy());
            }
        }
        return Double.NaN;
    }
}
