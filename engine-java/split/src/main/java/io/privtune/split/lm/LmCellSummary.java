package io.privtune.split.lm;

import io.privtune.split.stats.Bootstrap;
import io.privtune.split.stats.Estimate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A cell's runs over its seeds at one split point, as means with 95 % bootstrap intervals (paired: every seed
 * scores the same windows and tokens in the same order). Perplexity's interval is that of the mean loss,
 * exponentiated. The strongest upload attacker is the one with the highest mean top-1 among knn, the two inversion
 * models and the optimisation attack (which scores only the first windows); the gradient probe reads another
 * channel and is reported beside it.
 */
public record LmCellSummary(
        int splitPoint,
        LmCell cell,
        int seeds,
        Estimate perplexity,
        Estimate knn,
        Estimate naive,
        Estimate adaptive,
        Estimate optimisation,
        Estimate gradient,
        String strongestName,
        Estimate strongest,
        double seconds) {
    public static LmCellSummary of(List<LmCellRun> runs) {
        Bootstrap bootstrap = Bootstrap.standard();
        LmCellRun first = runs.get(0);
        Estimate loss = bootstrap.estimate(collect(runs, LmCellRun::evalLoss));
        Estimate perplexity =
                new Estimate(Math.exp(loss.mean()), Math.exp(loss.lower()), Math.exp(loss.upper()), loss.n());
        Estimate knn = bootstrap.estimate(collect(runs, r -> doubles(r.knn())));
        Estimate naive = bootstrap.estimate(collect(runs, r -> doubles(r.naive())));
        Estimate adaptive = bootstrap.estimate(collect(runs, r -> doubles(r.adaptive())));
        Estimate optimisation = bootstrap.estimate(collect(runs, r -> doubles(r.optimisation())));
        Estimate gradient = bootstrap.estimate(collect(runs, r -> doubles(r.gradient())));
        String name = "knn";
        Estimate strongest = knn;
        if (naive.mean() > strongest.mean()) {
            name = "inversion (naive)";
            strongest = naive;
        }
        if (adaptive.mean() > strongest.mean()) {
            name = "inversion (adaptive)";
            strongest = adaptive;
        }
        if (optimisation.mean() > strongest.mean()) {
            name = "optimisation";
            strongest = optimisation;
        }
        double seconds = 0;
        for (LmCellRun r : runs) {
            seconds += r.seconds().values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
        }
        return new LmCellSummary(
                first.splitPoint(),
                first.cell(),
                runs.size(),
                perplexity,
                knn,
                naive,
                adaptive,
                optimisation,
                gradient,
                name,
                strongest,
                seconds / runs.size());
    }

    /** exp of the mean per-window loss over seeds, with the exponentiated interval of that mean. */
    public static Estimate perplexity(List<double[]> perSeedLosses) {
        Estimate loss = Bootstrap.standard().estimate(perSeedLosses);
        return new Estimate(Math.exp(loss.mean()), Math.exp(loss.lower()), Math.exp(loss.upper()), loss.n());
    }

    private static List<double[]> collect(List<LmCellRun> runs, Function<LmCellRun, double[]> metric) {
        List<double[]> out = new ArrayList<>();
        for (LmCellRun r : runs) {
            out.add(metric.apply(r));
        }
        return out;
    }

    static double[] doubles(boolean[] hits) {
        double[] out = new double[hits.length];
        for (int i = 0; i < hits.length; i++) {
            out[i] = hits[i] ? 1 : 0;
        }
        return out;
    }
}
