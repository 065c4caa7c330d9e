package io.privtune.split.experiment;

import io.privtune.split.stats.Bootstrap;
import io.privtune.split.stats.Estimate;
import io.privtune.split.stats.Outcomes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * One grid cell's runs (one per seed) and, for its accuracy and every metric, the mean over the runs and the 95 %
 * bootstrap interval ({@link Bootstrap}, which states the scheme). Generic over the cell's metric map: a metric
 * gets an interval when every run kept its per-example outcomes ({@link CellResult#outcomes}), else its mean alone
 * (e.g. F1 scores, baselines, cells stored before outcomes were kept). Bookkeeping numbers that are no measurement
 * (names ending in {@code .kept-epoch}, {@code .seconds} or {@code .cached}) get no statistics at all.
 */
public record CellStatistics(String cell, List<CellResult> runs, Map<String, Estimate> estimates) {
    /**
     * Metric-name endings of bookkeeping numbers (kept epochs, seconds, whether a model came from a cache), which are
     * neither rates nor scores.
     */
    private static final List<String> BOOKKEEPING = List.of(".kept-epoch", ".seconds", ".cached");

    /** The report, its plots and the headline ask for the same grid's statistics: computed once. */
    private static volatile Cached last;

    private record Cached(List<CellResult> results, List<CellStatistics> statistics) {}

    public CellStatistics {
        runs = List.copyOf(runs);
        estimates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(estimates));
    }

    /** Whether {@code metric} is a measurement that gets a mean and an interval. */
    public static boolean isStatistic(String metric) {
        return BOOKKEEPING.stream().noneMatch(metric::endsWith);
    }

    /** The results grouped by grid cell (in the order cells first appear), with B = 2000 intervals. */
    public static List<CellStatistics> of(List<CellResult> results) {
        Cached cached = last;
        if (cached != null && cached.results().equals(results)) {
            return cached.statistics();
        }
        List<CellStatistics> statistics = of(results, Bootstrap.standard());
        last = new Cached(List.copyOf(results), statistics);
        return statistics;
    }

    public static List<CellStatistics> of(List<CellResult> results, Bootstrap bootstrap) {
        Map<String, List<CellResult>> byCell = new LinkedHashMap<>();
        results.forEach(
                r -> byCell.computeIfAbsent(r.cellId(), k -> new ArrayList<>()).add(r));
        List<Map.Entry<String, List<CellResult>>> groups = new ArrayList<>(byCell.entrySet());
        // cells are independent and the bootstrap is seeded per estimate: parallel gives the same numbers
        return IntStream.range(0, groups.size())
                .parallel()
                .mapToObj(i -> of(groups.get(i).getKey(), groups.get(i).getValue(), bootstrap))
                .toList();
    }

    private static CellStatistics of(String cell, List<CellResult> runs, Bootstrap bootstrap) {
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        estimates.put(CellResult.ACCURACY, estimate(runs, CellResult.ACCURACY, CellResult::accuracy, bootstrap));
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> names.addAll(r.metrics().keySet()));
        for (String name : names) {
            if (isStatistic(name)) {
                estimates.put(name, estimate(runs, name, r -> r.metric(name), bootstrap));
            }
        }
        return new CellStatistics(cell, runs, estimates);
    }

    private static Estimate estimate(
            List<CellResult> runs,
            String name,
            java.util.function.ToDoubleFunction<CellResult> value,
            Bootstrap bootstrap) {
        List<double[]> perSeed = new ArrayList<>();
        for (CellResult r : runs) {
            String outcomes = r.outcomes(name);
            if (outcomes == null || outcomes.isEmpty()) {
                perSeed = null;
                break;
            }
            perSeed.add(Outcomes.decode(outcomes, r.id() + " outcomes of " + name));
        }
        if (perSeed != null) {
            return bootstrap.estimate(perSeed);
        }
        double mean = runs.stream().mapToDouble(value).average().orElse(Double.NaN);
        return Estimate.pointOnly(mean, 0);
    }

    /** The mean of {@code name} ({@link CellResult#ACCURACY} or a metric) with its interval; a NaN point when absent. */
    public Estimate estimate(String name) {
        Estimate e = estimates.get(name);
        return e == null ? Estimate.pointOnly(Double.NaN, 0) : e;
    }

    public Estimate accuracy() {
        return estimate(CellResult.ACCURACY);
    }

    public int seeds() {
        return runs.size();
    }

    /**
     * The cell as one result of means, for the tables and plots written for one result per cell: accuracy and
     * metrics (bookkeeping numbers too) averaged over the runs, id the grid cell's, the first run's seed.
     */
    public CellResult mean() {
        CellResult first = runs.get(0);
        if (runs.size() == 1
                && first.id().equals(cell)) { // a one-seed grid; a lone seed's run still gets the cell's id
            return first;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        runs.forEach(r -> r.metrics().keySet().forEach(name -> metrics.put(name, average(r2 -> r2.metric(name)))));
        return new CellResult(
                cell,
                first.mechanism(),
                first.overrides(),
                first.parameters(),
                first.seed(),
                average(CellResult::accuracy),
                average(CellResult::medianEffectiveEta),
                first.privacyStatement(),
                average(CellResult::fineTuneSeconds),
                average(CellResult::attackSeconds),
                metrics,
                first.identity(),
                first.noise(),
                cell,
                null);
    }

    private double average(java.util.function.ToDoubleFunction<CellResult> value) {
        return runs.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    /** Each cell's {@link #mean}. */
    public static List<CellResult> means(List<CellStatistics> statistics) {
        return statistics.stream().map(CellStatistics::mean).toList();
    }

    /** By grid cell id. */
    public static Map<String, CellStatistics> byCell(List<CellStatistics> statistics) {
        Map<String, CellStatistics> out = new LinkedHashMap<>();
        statistics.forEach(s -> out.put(s.cell(), s));
        return out;
    }
}
