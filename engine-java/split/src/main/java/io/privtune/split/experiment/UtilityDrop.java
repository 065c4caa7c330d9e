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
 *   <li>examples: the paired percentile bootstrap ({@link Bootstrap}) of the per-example differences, given these
 *       seeds;
 *   <li>seeds: Student's t interval over the per-seed drops (S - 1 degrees of freedom), the fine-tuning's spread given
 *       this evaluation split, which the bootstrap does not see; only with two seeds or more.
 * </ul>
 *
 * Neither covers both sources: a drop can be said to differ from a value only where both intervals exclude it, and
 * even then the joint uncertainty is wider than either interval.
 *
 * @param perSeed the drop of each seed both cells ran, in points, by seed
 * @param points the mean of {@code perSeed}
 * @param examples the paired bootstrap interval in points; without bounds where a run kept no per-example outcomes or
 *     the two runs of a seed scored different numbers of examples
 * @param seeds the t interval in points, {@code n} the seed count; without bounds with one seed
 */
public record UtilityDrop(Map<Long, Double> perSeed, double points, Estimate examples, Estimate seeds) {

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
        Map<Long, Double> perSeed = new TreeMap<>();
        List<double[]> differences = new ArrayList<>();
        boolean everyRunKeptOutcomes = true;
        for (var e : bySeed(cell).entrySet()) {
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
                everyRunKeptOutcomes ? scaled(bootstrap.estimate(differences)) : Estimate.pointOnly(mean, 0);
        Estimate seeds = Estimate.pointOnly(mean, drops.length);
        if (drops.length >= 2) {
            double sumOfSquares = 0;
            for (double d : drops) {
                sumOfSquares += (d - mean) * (d - mean);
            }
            double standardError = Math.sqrt(sumOfSquares / (drops.length - 1) / drops.length);
            double t = TDistribution.of(drops.length - 1).inverseCumulativeProbability((1 + bootstrap.level()) / 2);
            seeds = new Estimate(mean, mean - t * standardError, mean + t * standardError, drops.length);
        }
        return Optional.of(new UtilityDrop(perSeed, mean, examples, seeds));
    }

    /** Whether either interval has bounds: else the drop is a bare difference the report already gives. */
    public boolean hasInterval() {
        return examples.hasInterval() || seeds.hasInterval();
    }

    /** How many seeds both cells ran. */
    public int seedCount() {
        return perSeed.size();
    }

    /** The seeds both cells ran, e.g. {@code 0, 1, 2}. */
    public String seedList() {
        return perSeed.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** The per-seed drops, e.g. {@code 1.83 / 4.70 / 2.87}. */
    public String dropList() {
        return perSeed.values().stream()
                .map(v -> String.format(Locale.ROOT, "%.2f", v))
                .collect(Collectors.joining(" / "));
    }

    /** An interval's bounds in points, {@code [1.83, 4.51]}; {@code -} without bounds. */
    public static String bounds(Estimate interval) {
        return interval.hasInterval()
                ? String.format(Locale.ROOT, "[%.2f, %.2f]", interval.lower(), interval.upper())
                : "-";
    }

    /**
     * One sentence for a report: the drop, its two intervals, and where zero and {@code target} (in points) lie
     * against each.
     */
    public String describe(double target, double level) {
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "Paired by seed and example (seeds %s), the drop is %.2f points: %.0f %% interval ",
                seedList(),
                points,
                100 * level));
        if (examples.hasInterval()) {
            s.append(bounds(examples))
                    .append(" over the evaluation examples (paired bootstrap: ")
                    .append(where(examples, target))
                    .append(')');
        } else {
            s.append("over the evaluation examples unknown (no per-example outcomes to pair)");
        }
        if (seeds.hasInterval()) {
            s.append(String.format(
                    Locale.ROOT,
                    " and %s over the %d seeds (Student t, %d df, from the per-seed drops %s: %s)",
                    bounds(seeds),
                    seedCount(),
                    seedCount() - 1,
                    dropList(),
                    where(seeds, target)));
        } else {
            s.append("; one seed, so no interval over seeds");
        }
        return s.append('.').toString();
    }

    /** Where zero and the target lie against an interval of drops. */
    static String where(Estimate interval, double target) {
        double lo = interval.lower();
        double hi = interval.upper();
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
