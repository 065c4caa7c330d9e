package io.privtune.split.experiment;

import io.privtune.split.stats.Bootstrap;
import io.privtune.split.stats.Estimate;
import io.privtune.split.task.ClassificationTask;
import io.privtune.split.task.UtilityMetric;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The paper's headline checked on a finished grid (issue 4): a privtune cell with knn ASR &le; 10 % and a
 * utility drop &le; 3.33 points against {@code none}; the same with the strongest token attacker also &le; 30 %
 * (issue 12's goal, the learned attackers counted); and, at matched knn ASR, privtune's accuracy above
 * dchi's and sap-cti's. A baseline's accuracy at a given ASR is read off its own frontier (its cells sorted
 * by ASR, linearly interpolated); outside the ASR range a baseline reached, there is nothing to match.
 * With several seeds the check reads each cell's means ({@link CellStatistics}); where the cells carry
 * per-example outcomes it also says whether the 95 % intervals of the compared accuracies overlap ("not separable
 * at 95 %"), and gives the best cell's drop paired by seed and example ({@link UtilityDrop}). A baseline's interval at a matched ASR is its neighbours' intervals interpolated as its accuracy is;
 * the ASR's own interval is not propagated into the matching. Where {@code none} itself did not learn the task
 * (within 10 points of the best constant guess on the evaluation split, or of chance for cells from before that was
 * recorded; or QA under 10 % exact match) a small drop proves nothing, and the verdict says "not shown", never
 * "met".
 */
public final class Headline {
    public static final double ASR_TARGET = 0.10;
    public static final double DROP_TARGET = 3.33;
    /** The baselines privtune is compared with at matched ASR. */
    private static final List<String> BASELINES = List.of("dchi", "sap-cti");
    /** Issue 12's privacy half with the learned attacker counted: the strongest token attacker reads at most 30 %. */
    public static final double STRONGEST_TARGET = 0.30;

    private static final String METRIC = "knn.top1";
    /** The other attacks the headline is also read against, the strongest per cell last: privtune's frontier need not win there. */
    public static final java.util.List<String> ALSO_MATCHED =
            java.util.List.of("inversion.adaptive.top1", "optimisation.top1", StrongestAttacker.METRIC);
    /**
     * How far above its floor `none` must be before a drop means anything: the floor is the best constant guess on the
     * evaluation split where the cell recorded it (SST-2's guard 60.9 %, Financial PhraseBank's 69.4 %), else chance
     * (1 / classes).
     */
    private static final double ABOVE_FLOOR = 0.1;
    /** The exact match below which QA's `none` is too weak for drops to mean anything (QA has no chance level). */
    private static final double QA_GUARD = 0.1;

    private Headline() {}

    /** Markdown lines stating plainly what was met and what was not; the results of several seeds are averaged per cell. */
    public static List<String> check(List<CellResult> results) {
        return check(CellStatistics.of(results));
    }

    /** As {@link #check(List)}, on cells already summarised. */
    public static List<String> check(Collection<CellStatistics> statistics) {
        return check(statistics, ClassificationTask.of("sst2"));
    }

    /**
     * As {@link #check(Collection)} for a grid on {@code task}: `none` is checked against its floor (the best constant
     * guess on the task's evaluation split, else chance), and a task that decides on macro-F1 is told that the
     * headline reads accuracy.
     */
    public static List<String> check(Collection<CellStatistics> statistics, ClassificationTask task) {
        return check(statistics, UtilityMetric.ACCURACY, none -> classificationReference(none, task));
    }

    /** As {@link #check(Collection)} for the grid {@code s} describes: a classification task, or extractive QA. */
    public static List<String> check(Collection<CellStatistics> statistics, ExperimentSettings s) {
        List<String> lines = new ArrayList<>(
                s.extractiveQa()
                        ? check(statistics, UtilityMetric.EXACT_MATCH, none -> qaReference(none.accuracy()))
                        : check(statistics, s.classificationTask()));
        if (!s.attacks().freshAdaptiveNoise()) {
            lines.add(ONE_RELEASE);
        }
        return lines;
    }

    /** The verdicts above are against the attackers the grid trained; a one-release grid's are the weaker ones. */
    static final String ONE_RELEASE = "- These adaptive attackers trained on one noise release of their text "
            + "(`--no-adaptive-fresh-noise`): \"against the strongest attacker\" is against them, not against the "
            + "default's attackers, which draw a fresh release every epoch and read more where both were measured.";

    /**
     * What a task says of its `none` cell: whether it learned the task well enough for a utility drop to mean
     * anything, and the notes the headline prints first. A grid whose `none` did not learn shows nothing: a private
     * cell at the same floor loses nothing because there was nothing to lose.
     */
    private record Reference(boolean learned, List<String> caveats) {}

    /**
     * `none` against its floor (the best constant guess on the evaluation split, or chance where the cell predates that
     * record), and a note where the task decides on macro-F1.
     */
    private static Reference classificationReference(CellResult none, ClassificationTask task) {
        List<String> out = new ArrayList<>();
        double reference = none.accuracy();
        double majority = none.metric(ExperimentRunner.MAJORITY_RATE); // never below chance
        boolean known = Double.isFinite(majority);
        double floor = known ? majority : 1.0 / task.classes();
        boolean learned = reference >= floor + ABOVE_FLOOR;
        if (!learned) {
            out.add(String.format(
                    Locale.ROOT,
                    "- `none` reaches only %s, under %s (10 points above %s, %s): the fine-tuning budget is too small "
                            + "for utility drops to mean anything.",
                    ExperimentRunner.percent(reference),
                    ExperimentRunner.percent(floor + ABOVE_FLOOR),
                    known
                            ? "the best constant guess on " + task.name() + "'s evaluation split ("
                                    + task.evaluationSplit() + ")"
                            : "chance on " + task.name() + "'s " + task.classes() + " classes",
                    ExperimentRunner.percent(floor)));
        }
        if (task.primaryMetric() != UtilityMetric.ACCURACY) {
            out.add("- The drops below are in accuracy; " + task.name() + " decides on "
                    + task.primaryMetric().label()
                    + " (its classes are unbalanced): read `macro-f1` in the statistics table before concluding.");
        }
        return new Reference(learned, out);
    }

    /**
     * Extractive QA has no classes and so no chance level: a span picked blindly from a paragraph is almost never
     * exactly the answer. The guard is instead an exact match too low for drops to mean anything (under 10 %).
     */
    private static Reference qaReference(double reference) {
        if (reference >= QA_GUARD) {
            return new Reference(true, List.of());
        }
        return new Reference(
                false,
                List.of(String.format(
                        Locale.ROOT,
                        "- `none` reaches only %s exact match (below %.0f %%): the fine-tuning budget is too small for utility "
                                + "drops to mean anything.",
                        ExperimentRunner.percent(reference),
                        100 * QA_GUARD)));
    }

    /** The headline in {@code utility} (what the cells' accuracy field holds), after the task's caveats on `none`. */
    private static List<String> check(
            Collection<CellStatistics> statistics,
            UtilityMetric utility,
            java.util.function.Function<CellResult, Reference> judge) {
        List<CellResult> cells = CellStatistics.means(List.copyOf(statistics));
        Map<String, CellStatistics> byId = CellStatistics.byCell(List.copyOf(statistics));
        List<String> out = new ArrayList<>();
        Optional<CellResult> none =
                cells.stream().filter(c -> c.mechanism().equals("none")).findFirst();
        if (none.isEmpty()) {
            out.add("No `none` cell: utility drops cannot be computed.");
            return out;
        }
        double reference = none.get().accuracy();
        Reference judged = judge.apply(none.get());
        out.addAll(judged.caveats());
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
            double drop = dropPoints(none.get(), best.get());
            out.add(String.format(
                            Locale.ROOT,
                            "- %s: best privtune cell with knn ASR <= %.0f %% is `%s`: knn %s, %s %s, drop %.2f points "
                                    + "against none (%s); target <= %.2f points.",
                            verdict(drop, judged.learned()),
                            100 * ASR_TARGET,
                            best.get().id(),
                            ExperimentRunner.percent(best.get().metric(METRIC)),
                            utility.label(),
                            ExperimentRunner.percent(best.get().accuracy()),
                            drop,
                            ExperimentRunner.percent(reference),
                            DROP_TARGET)
                    + separability(
                            byId.get(best.get().id()), byId.get(none.get().id()), utility));
        }
        out.add(againstTheStrongest(privtune, none.get(), judged.learned(), byId, utility));
        for (String baseline : BASELINES) {
            if (cells.stream().noneMatch(c -> c.mechanism().equals(baseline))) {
                out.add("- No `" + baseline + "` cells to compare with.");
            }
        }
        for (String metric : java.util.stream.Stream.concat(java.util.stream.Stream.of(METRIC), ALSO_MATCHED.stream())
                .toList()) {
            out.addAll(matched(cells, metric, byId, utility));
        }
        return out;
    }

    /**
     * The goal with the learned attacker counted (issue 12): the most accurate privtune cell whose knn ASR is
     * &le; {@link #ASR_TARGET} and whose strongest token attacker reads &le; {@link #STRONGEST_TARGET}. The paper's
     * headline above reads knn only, and a cell can meet it while a learned inverter reads far more of its tokens.
     * With several seeds a cell's strongest attacker is the attack with the highest mean over the seeds (the cells
     * here are {@link CellStatistics#means}), as in the report's tables, not the mean of each seed's own strongest.
     * A cell without a knn rate or without any token attack cannot show the goal and is never picked as meeting it.
     */
    private static String againstTheStrongest(
            List<CellResult> privtune,
            CellResult none,
            boolean learned,
            Map<String, CellStatistics> byId,
            UtilityMetric utility) {
        List<CellResult> attacked =
                privtune.stream().filter(c -> !Double.isNaN(strongest(c))).toList();
        List<CellResult> passKnn =
                attacked.stream().filter(c -> c.metric(METRIC) <= ASR_TARGET).toList();
        List<CellResult> private30 =
                passKnn.stream().filter(c -> strongest(c) <= STRONGEST_TARGET).toList();
        if (private30.isEmpty()) {
            if (attacked.isEmpty()) {
                return "- Against the strongest attacker: no privtune cell has a token attack measured.";
            }
            // the nearest miss: among the cells that pass knn if any do, the one its strongest attacker reads least
            CellResult closest = (passKnn.isEmpty() ? attacked : passKnn)
                    .stream()
                            .min(Comparator.comparingDouble(Headline::strongest))
                            .orElseThrow();
            return String.format(
                    Locale.ROOT,
                    "- Against the strongest attacker: **Not met**: no privtune cell has knn ASR <= %.0f %% and its "
                            + "strongest token attacker <= %.0f %%; the least read%s is `%s` (%s, knn %s, %s %s, drop %.2f points).",
                    100 * ASR_TARGET,
                    100 * STRONGEST_TARGET,
                    passKnn.isEmpty() ? "" : " of those within the knn target",
                    closest.id(),
                    strongestName(closest),
                    ExperimentRunner.percent(closest.metric(METRIC)),
                    utility.label(),
                    ExperimentRunner.percent(closest.accuracy()),
                    dropPoints(none, closest));
        }
        CellResult best = private30.stream()
                .max(Comparator.comparingDouble(CellResult::accuracy))
                .orElseThrow();
        double drop = dropPoints(none, best);
        return String.format(
                        Locale.ROOT,
                        "- Against the strongest attacker: %s: best privtune cell with knn ASR <= %.0f %% and strongest "
                                + "token attacker <= %.0f %% is `%s`: %s, knn %s, %s %s, drop %.2f points; target <= %.2f points.",
                        verdict(drop, learned),
                        100 * ASR_TARGET,
                        100 * STRONGEST_TARGET,
                        best.id(),
                        strongestName(best),
                        ExperimentRunner.percent(best.metric(METRIC)),
                        utility.label(),
                        ExperimentRunner.percent(best.accuracy()),
                        drop,
                        DROP_TARGET)
                + separability(byId.get(best.id()), byId.get(none.id()), utility)
                + strongestInterval(best, byId.get(best.id()));
    }

    /** How many points of utility {@code cell} loses against {@code none}. */
    private static double dropPoints(CellResult none, CellResult cell) {
        return 100 * (none.accuracy() - cell.accuracy());
    }

    /** "Met" only where `none` learned the task: where it did not, a small drop shows nothing and the line says so. */
    private static String verdict(double drop, boolean learned) {
        if (drop > DROP_TARGET) {
            return "**Not met**";
        }
        return learned ? "**Met**" : "**Not shown** (`none` did not learn the task, so a small drop means nothing)";
    }

    /** Where the strongest attack's ASR interval lies against {@link #STRONGEST_TARGET}; "" without an interval. */
    private static String strongestInterval(CellResult cell, CellStatistics statistics) {
        Optional<StrongestAttacker.Pick> pick = StrongestAttacker.of(cell.metrics());
        if (statistics == null
                || pick.isEmpty()
                || !statistics.estimate(pick.get().metric()).hasInterval()) {
            return "";
        }
        Estimate asr = statistics.estimate(pick.get().metric());
        return " Strongest attacker's ASR " + asr.percent() + ", " + againstTarget(asr, STRONGEST_TARGET) + ".";
    }

    /** "inversion adaptive 17.8%": a cell's strongest token attack and its rate. */
    private static String strongestName(CellResult cell) {
        return StrongestAttacker.of(cell.metrics())
                .map(p -> "strongest " + p.name() + " " + ExperimentRunner.percent(p.top1()))
                .orElse("no token attack measured");
    }

    /**
     * Whether the best cell's accuracy interval overlaps none's, where its knn ASR interval lies, and its drop paired by
     * seed and example ({@link UtilityDrop}), the sharper test of the two; "" without intervals.
     */
    private static String separability(CellStatistics best, CellStatistics none, UtilityMetric utility) {
        if (best == null || none == null) {
            return "";
        }
        Optional<UtilityDrop> paired =
                UtilityDrop.of(none, best, Bootstrap.standard()).filter(UtilityDrop::hasInterval);
        Estimate accuracy = best.accuracy();
        Estimate reference = none.accuracy();
        StringBuilder s = new StringBuilder();
        if (accuracy.hasInterval() && reference.hasInterval()) {
            s.append(" 95 % intervals: " + utility.label() + " ")
                    .append(accuracy.percent())
                    .append(" against none's ")
                    .append(reference.percent())
                    .append(
                            !accuracy.overlaps(reference)
                                    ? " (separable at 95 % over the evaluation examples, given these seeds)"
                                    : paired.isPresent()
                                            ? " (overlapping, a weak test of a difference: the paired drop that follows is the sharper one)"
                                            : " (overlapping: not separable at 95 %, the drop may be zero)");
            Estimate asr = best.estimate(METRIC);
            if (asr.hasInterval()) {
                s.append("; knn ASR ").append(asr.percent()).append(", ").append(againstTarget(asr, ASR_TARGET));
            }
            s.append('.');
        }
        paired.ifPresent(d -> s.append(' ').append(d.describe(DROP_TARGET, Bootstrap.LEVEL)));
        return s.toString();
    }

    /** Where an ASR interval lies against its target: wholly within it, or reaching above it. */
    private static String againstTarget(Estimate asr, double target) {
        return asr.upper() > target
                ? String.format(
                        Locale.ROOT, "the interval reaching above %.0f %%: not separable from the target", 100 * target)
                : "the whole interval within the target";
    }

    /** A cell's strongest token attack's top-1 rate; NaN when it has none. */
    private static double strongest(CellResult cell) {
        return StrongestAttacker.metric(cell, StrongestAttacker.METRIC);
    }

    /**
     * For each baseline the grid has, privtune's {@code utility} (accuracy, or exact match for QA) against the baseline's
     * frontier at the same value of {@code metric}; with the cells' statistics each matched point also says whether the
     * intervals overlap.
     */
    static List<String> matched(
            List<CellResult> cells, String metric, Map<String, CellStatistics> byId, UtilityMetric utility) {
        List<String> out = new ArrayList<>();
        List<CellResult> privtune = cells.stream()
                .filter(c -> c.mechanism().equals("privtune"))
                .sorted(Comparator.comparingDouble(c -> StrongestAttacker.metric(c, metric)))
                .toList();
        for (String baseline : BASELINES) {
            List<CellResult> frontier = cells.stream()
                    .filter(c -> c.mechanism().equals(baseline))
                    .sorted(Comparator.comparingDouble(c -> StrongestAttacker.metric(c, metric)))
                    .toList();
            if (frontier.isEmpty()) {
                continue; // check() says once that the grid has none
            }
            int above = 0, below = 0, unmatched = 0, separableAbove = 0, separableBelow = 0, withIntervals = 0;
            StringBuilder detail = new StringBuilder();
            for (CellResult p : privtune) {
                double asr = StrongestAttacker.metric(p, metric);
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
                String note = "";
                CellStatistics ps = byId.get(p.id());
                double[] band = intervalAt(frontier, asr, metric, byId);
                if (ps != null && ps.accuracy().hasInterval() && band != null) {
                    Estimate theirs = new Estimate(matched, band[0], band[1], 0);
                    boolean separable = !ps.accuracy().overlaps(theirs);
                    withIntervals++;
                    if (separable && p.accuracy() > matched) {
                        separableAbove++;
                    } else if (separable) {
                        separableBelow++;
                    }
                    note = String.format(
                            Locale.ROOT,
                            " ([%.1f, %.1f] vs [%.1f, %.1f]%s)",
                            100 * ps.accuracy().lower(),
                            100 * ps.accuracy().upper(),
                            100 * band[0],
                            100 * band[1],
                            separable ? "" : ", not separable at 95 %");
                }
                detail.append(String.format(
                        Locale.ROOT,
                        " `%s` %s vs %s at %s%s;",
                        p.id(),
                        ExperimentRunner.percent(p.accuracy()),
                        ExperimentRunner.percent(matched),
                        ExperimentRunner.percent(asr),
                        note));
            }
            double low = StrongestAttacker.metric(frontier.get(0), metric);
            double high = StrongestAttacker.metric(frontier.get(frontier.size() - 1), metric);
            out.add(String.format(
                    Locale.ROOT,
                    "- %s, against %s (its cells span %s to %s): privtune's %s above at %d matched points, "
                            + "not above at %d, %d privtune cells outside that range.%s",
                    metric,
                    baseline,
                    ExperimentRunner.percent(low),
                    ExperimentRunner.percent(high),
                    utility.label(),
                    above,
                    below,
                    unmatched,
                    (withIntervals == 0
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            " With 95 %% intervals (%d points): separably above at %d, separably below at %d, "
                                                    + "not separable at %d.",
                                            withIntervals,
                                            separableAbove,
                                            separableBelow,
                                            withIntervals - separableAbove - separableBelow))
                            + (detail.length() == 0
                                    ? ""
                                    : " Matched:" + detail.substring(0, detail.length() - 1) + ".")));
        }
        return out;
    }

    /** A frontier's accuracy at knn ASR {@code asr}, interpolated between its two nearest cells; NaN outside its range. */
    static double accuracyAt(List<CellResult> sortedByAsr, double asr) {
        return accuracyAt(sortedByAsr, asr, METRIC);
    }

    static double accuracyAt(List<CellResult> sortedByAsr, double asr, String metric) {
        return interpolate(sortedByAsr, asr, metric, CellResult::accuracy);
    }

    /** The frontier's accuracy interval at {@code asr}, its neighbours' bounds interpolated; null without intervals or outside. */
    static double[] intervalAt(
            List<CellResult> sortedByAsr, double asr, String metric, Map<String, CellStatistics> byId) {
        for (CellResult c : sortedByAsr) {
            CellStatistics s = byId.get(c.id());
            if (s == null || !s.accuracy().hasInterval()) {
                return null;
            }
        }
        double low = interpolate(
                sortedByAsr, asr, metric, c -> byId.get(c.id()).accuracy().lower());
        double high = interpolate(
                sortedByAsr, asr, metric, c -> byId.get(c.id()).accuracy().upper());
        return Double.isNaN(low) ? null : new double[] {low, high};
    }

    private static double interpolate(
            List<CellResult> sortedByAsr, double asr, String metric, ToDoubleFunction<CellResult> value) {
        for (int i = 0; i < sortedByAsr.size(); i++) {
            CellResult c = sortedByAsr.get(i);
            double x = StrongestAttacker.metric(c, metric);
            if (x == asr) {
                return value.applyAsDouble(c);
            }
            if (x > asr) {
                if (i == 0) {
                    return Double.NaN;
                }
                CellResult lower = sortedByAsr.get(i - 1);
                double x0 = StrongestAttacker.metric(lower, metric);
                double t = (asr - x0) / (x - x0);
                return value.applyAsDouble(lower) + t * (value.applyAsDouble(c) - value.applyAsDouble(lower));
            }
        }
        return Double.NaN;
    }
}
