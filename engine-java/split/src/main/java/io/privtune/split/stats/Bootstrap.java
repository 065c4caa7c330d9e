package io.privtune.split.stats;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over per-example outcomes, seeded so that a report rebuilt from the same cells gives the
 * same intervals.
 *
 * <p>The scheme, for a metric measured in S seeds (runs of the same cell with seeds base, base+1, ...), each over
 * its examples (dev sentences, attacked tokens): the estimate is the mean over seeds of each seed's mean. One
 * bootstrap replicate resamples the examples with replacement within each seed and averages the S resampled
 * seed means. When the seeds score the same examples in the same order (equal counts: the dev set and the
 * victim's tokens are fixed across seeds), one draw of example indices is used for every seed (paired), so that
 * an example's difficulty counts once, not S times as if the seeds had seen fresh examples; with unequal counts
 * each seed is resampled on its own. The interval is the {@code (1 - level)/2} and {@code (1 + level)/2}
 * percentiles of the replicates. It is the uncertainty from the finite test set given these seeds: the seeds'
 * own spread is averaged into the mean but does not widen the interval (three seeds are too few to resample).
 */
public final class Bootstrap {
    public static final int RESAMPLES = 2000;
    public static final double LEVEL = 0.95;
    /** Fixed, so that reports are reproducible; any value will do. */
    public static final long SEED = 0x1257_a75L;

    private final int resamples;
    private final long seed;
    private final double level;

    public Bootstrap(int resamples, long seed, double level) {
        if (resamples < 10) {
            throw new IllegalArgumentException("bootstrap: expected at least 10 resamples, found " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("bootstrap: expected a level in (0, 1), found " + level);
        }
        this.resamples = resamples;
        this.seed = seed;
        this.level = level;
    }

    /** B = 2000, 95 %, the fixed seed. */
    public static Bootstrap standard() {
        return new Bootstrap(RESAMPLES, SEED, LEVEL);
    }

    public int resamples() {
        return resamples;
    }

    public double level() {
        return level;
    }

    /** One seed's outcomes. */
    public Estimate estimate(double[] outcomes) {
        return estimate(List.of(outcomes));
    }

    /** Several seeds' outcomes (the scheme in the class comment); every call starts from the fixed seed. */
    public Estimate estimate(List<double[]> perSeed) {
        if (perSeed.isEmpty()) {
            throw new IllegalArgumentException("bootstrap: no seeds to estimate from");
        }
        int total = 0;
        for (int s = 0; s < perSeed.size(); s++) {
            if (perSeed.get(s).length == 0) {
                throw new IllegalArgumentException(
                        "bootstrap: seed " + s + " of " + perSeed.size() + " has no outcomes");
            }
            total += perSeed.get(s).length;
        }
        double mean = 0;
        for (double[] o : perSeed) {
            mean += sum(o) / o.length;
        }
        mean /= perSeed.size();
        SplittableRandom random = new SplittableRandom(seed);
        double[] replicates =
                paired(perSeed) ? pairedReplicates(perSeed, random) : independentReplicates(perSeed, random);
        Arrays.sort(replicates);
        double alpha = 1 - level;
        int low = (int) Math.floor(alpha / 2 * resamples);
        int high = Math.min(resamples - 1, (int) Math.ceil((1 - alpha / 2) * resamples) - 1);
        return new Estimate(mean, replicates[low], replicates[high], total);
    }

    private static boolean paired(List<double[]> perSeed) {
        return perSeed.stream().mapToInt(o -> o.length).distinct().count() == 1;
    }

    private double[] pairedReplicates(List<double[]> perSeed, SplittableRandom random) {
        int seeds = perSeed.size();
        int n = perSeed.get(0).length;
        double[] mean =
                new double[n]; // an example's mean over the seeds: the average of seed means is the mean of these
        for (double[] o : perSeed) {
            for (int i = 0; i < n; i++) {
                mean[i] += o[i] / seeds;
            }
        }
        double[] out = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += mean[random.nextInt(n)];
            }
            out[b] = sum / n;
        }
        return out;
    }

    private double[] independentReplicates(List<double[]> perSeed, SplittableRandom random) {
        double[] out = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double average = 0;
            for (double[] o : perSeed) {
                double sum = 0;
                for (int i = 0; i < o.length; i++) {
                    sum += o[random.nextInt(o.length)];
                }
                average += sum / o.length;
            }
            out[b] = average / perSeed.size();
        }
        return out;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
