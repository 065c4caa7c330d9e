package io.privtune.split.experiment;

import io.privtune.split.stats.Bootstrap;
import io.privtune.split.stats.Estimate;
import io.privtune.split.stats.Outcomes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The utility a cell loses against the reference cell ({@code none}), paired: run s of the cell against run s of the
 * reference (the same seed: the same training sample and initialisation), evaluation example i against example i.
 * Whether two cells' marginal intervals overlap is a weak test of a difference: most of an interval's width is which
 * examples happen to be in the evaluation split, and both cells share them. Pairing removes that shared part. Two
 * intervals, for the two sources of noise in a mean over a few seeds:
 *
 * <ul>
 *   <li>examples: the paired percentile bootstrap ({@link Bootstrap}, one draw of examples for every seed) of the
 *       per-example differences, given these seeds;
 *   <li>seeds: Student's t interval over the per-seed drops (S - 1 degrees of freedom), the fine-tuning's spread, which
 *       the bootstrap does not see; only with two seeds or more.
 * </ul>
 *
 * Neither covers both sources, so a drop is shown to differ from a value only where both intervals exclude it.
 *
 * @param perSeed the drop of each paired seed, in points, by seed
 * @param points the mean of {@code perSeed}
 * @param examples the paired bootstrap interval in points; NaN bounds where a run kept no per-example outcomes
 * @param seedsLower the t interval's lower bound in points; NaN with one seed
 */
public record UtilityDrop(
        Map<Long, Double> perSeed, double points, Estimate examples, double seedsLower, double seedsUpper) {

    public UtilityDrop {
        perSeed = java.util.Collections.unmodifiableMap(new TreeMap<>(perSeed));
    }

    /**
     * {@code cell}'s drop against {@code reference} over the seeds both ran; empty when they share no seed. The
     * example interval needs both runs of every shared seed to have kept their per-example outcomes over the same
     * examples.
     */
    public static Optional<UtilityDrop> of(CellStatistics reference, CellStatistics cell, Bootstrap bootstrap) {
        Map<Long, CellResult> theirs = bySeed(reference);
        Map<Long, CellResult> ours = bySeed(cell);
        Map<Long, Double> perSeed = new TreeMap<>();
        List<double[]> differences = new ArrayList<>();
        boolean everyRunKeptOutcomes = true;
        for (var e : ours.entrySet()) {
            CellResult base = theirs.get(e.getKey());
            if (base == null) {
                continue;
            }
            perSeed.put(e.getKey(), 100 * (base.accuracy() - e.getValue().accuracy()));
            double[] difference = difference(base, e.getValue());
            everyRunKeptOutcomes &= difference != null;
            differences.add(difference);
        }
        if (perSeed.isEmpty()) {
            return Optional.empty();
        }
        double[] drops =
                perSeed.values().stream().mapToDouble(Double::doubleValue).toArray();
        double mean = java.util.Arrays.stream(drops).average().orElseThrow();
        Estimate examples =
                !everyRunKeptOutcomes ? Estimate.pointOnly(mean, 0) : scaled(bootstrap.estimate(differences));
        double half = Double.NaN;
        if (drops.length >= 2) {
            double sumOfSquares = 0;
            for (double d : drops) {
                sumOfSquares += (d - mean) * (d - mean);
            }
            double standardError = Math.sqrt(sumOfSquares / (drops.length - 1) / drops.length);
            double t = TDistribution.of(drops.length - 1).inverseCumulativeProbability((1 + bootstrap.level()) / 2);
            half = t * standardError;
        }
        return Optional.of(new UtilityDrop(perSeed, mean, examples, mean - half, mean + half));
    }

    /** Seeds the two cells share. */
    public int seeds() {
        return perSeed.size();
    }

    /**
     * One sentence for a report: the drop, its two intervals, and where zero and {@code target} (in points) lie
     * against each.
     */
    public String describe(double target, double level) {
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "Paired by seed and example, the drop is %.2f points: %.0f %% interval ",
                points,
                100 * level));
        if (examples.hasInterval()) {
            s.append(String.format(
                    Locale.ROOT,
                    "[%.2f, %.2f] over the evaluation examples (paired bootstrap: %s)",
                    examples.lower(),
                    examples.upper(),
                    where(examples.lower(), examples.upper(), target)));
        } else {
            s.append("over the evaluation examples unknown (no per-example outcomes)");
        }
        String drops = perSeed.values().stream()
                .map(v -> String.format(Locale.ROOT, "%.2f", v))
                .collect(Collectors.joining(" / "));
        String seeds = perSeed.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
        if (Double.isNaN(seedsLower)) {
            s.append("; one seed (").append(seeds).append("), so no interval over seeds");
        } else {
            s.append(String.format(
                    Locale.ROOT,
                    " and [%.2f, %.2f] over the %d seeds (Student t, %d df, from the drops %s of seeds %s: %s)",
                    seedsLower,
                    seedsUpper,
                    seeds(),
                    seeds() - 1,
                    drops,
                    seeds,
                    where(seedsLower, seedsUpper, target)));
        }
        return s.append('.').toString();
    }

    /** Where zero and the target lie against an interval [lo, hi] of drops. */
    static String where(double lo, double hi, double target) {
        String zero = lo > 0 ? "above zero" : hi < 0 ? "below zero" : "zero inside";
        String goal = hi <= target ? "below the target" : lo > target ? "above the target" : "the target inside";
        return zero + ", " + goal;
    }

    private static Estimate scaled(Estimate fraction) {
        return new Estimate(100 * fraction.mean(), 100 * fraction.lower(), 100 * fraction.upper(), fraction.n());
    }

    /** Example i's outcome in {@code base} minus its outcome in {@code cell}; null without outcomes or with other examples. */
    private static double[] difference(CellResult base, CellResult cell) {
        String a = base.outcomes(CellResult.ACCURACY);
        String b = cell.outcomes(CellResult.ACCURACY);
        if (a == null || b == null || a.isEmpty() || a.length() != b.length()) {
            return null;
        }
        double[] x = Outcomes.decode(a, base.id() + " outcomes of " + CellResult.ACCURACY);
        double[] y = Outcomes.decode(b, cell.id() + " outcomes of " + CellResult.ACCURACY);
        for (int i = 0; i < x.length; i++) {
            x[i] -= y[i];
        }
        return x;
    }

    private static Map<Long, CellResult> bySeed(CellStatistics cell) {
        Map<Long, CellResult> out = new TreeMap<>();
        cell.runs().forEach(r -> out.put(r.seed(), r));
        return out;
    }
}
