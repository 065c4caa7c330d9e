package io.privtune.split.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    private static double[] bernoulli(int n, double p, SplittableRandom random) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble() < p ? 1 : 0;
        }
        return x;
    }

    private static double coverage(Bootstrap bootstrap, double p, int n, int trials) {
        SplittableRandom data = new SplittableRandom(7);
        int covered = 0;
        for (int t = 0; t < trials; t++) {
            Estimate e = bootstrap.estimate(bernoulli(n, p, data));
            covered += e.lower() <= p && p <= e.upper() ? 1 : 0;
        }
        return (double) covered / trials;
    }

    @Test
    void ninetyFivePercentIntervalsCoverTheTruthAboutNinetyFivePercentOfTheTime() {
        double covered = coverage(Bootstrap.standard(), 0.3, 300, 200);
        // binomial sd over 200 trials is 1.5 points: 90 % and 98.5 % are 3 sd away
        assertTrue(covered >= 0.90 && covered <= 0.985, "coverage " + covered);
        // and the level matters: a 50 % interval covers about half the time
        double half = coverage(new Bootstrap(Bootstrap.RESAMPLES, Bootstrap.SEED, 0.5), 0.3, 300, 200);
        assertTrue(half >= 0.38 && half <= 0.62, "coverage of 50 % intervals " + half);
    }

    @Test
    void widthShrinksAsOneOverRootN() {
        SplittableRandom random = new SplittableRandom(11);
        Estimate small = Bootstrap.standard().estimate(bernoulli(400, 0.4, random));
        Estimate large = Bootstrap.standard().estimate(bernoulli(6400, 0.4, random));
        double ratio = (small.upper() - small.lower()) / (large.upper() - large.lower());
        assertEquals(4, ratio, 0.6, "16 x the examples: a quarter of the width");
        assertEquals(400, small.n());
    }

    @Test
    void deterministicForAFixedSeedAndDifferentForAnother() {
        double[] x = bernoulli(500, 0.2, new SplittableRandom(3));
        assertEquals(Bootstrap.standard().estimate(x), Bootstrap.standard().estimate(x));
        Estimate other = new Bootstrap(Bootstrap.RESAMPLES, 99, Bootstrap.LEVEL).estimate(x);
        assertNotEquals(Bootstrap.standard().estimate(x), other);
        assertEquals(Bootstrap.standard().estimate(x).mean(), other.mean());
    }

    @Test
    void seedsOfTheSameExamplesArePairedAndTheMeanIsTheMeanOfSeedMeans() {
        double[] x = bernoulli(800, 0.5, new SplittableRandom(5));
        Estimate one = Bootstrap.standard().estimate(x);
        // the same examples seen by two seeds with identical outcomes carry no more information than one seed
        Estimate twice = Bootstrap.standard().estimate(List.of(x, x.clone()));
        assertEquals(one.lower(), twice.lower(), 1e-12);
        assertEquals(one.upper(), twice.upper(), 1e-12);
        assertEquals(1600, twice.n());
        // seeds over different examples: each seed weighs the same, whatever its count
        Estimate unequal = Bootstrap.standard().estimate(List.of(new double[] {1, 1}, new double[] {0, 0, 0, 0, 0, 0}));
        assertEquals(0.5, unequal.mean(), 1e-12);
        assertEquals(0.5, unequal.lower(), 1e-12, "each seed is constant: every replicate is 0.5");
    }

    @Test
    void refusesEmptyInput() {
        Bootstrap b = Bootstrap.standard();
        assertThrows(IllegalArgumentException.class, () -> b.estimate(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> b.estimate(List.of()));
        assertThrows(IllegalArgumentException.class, () -> b.estimate(List.of(new double[] {1}, new double[0])));
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(2000, 0, 1.0));
    }

    @Test
    void outcomesRoundTripAndRefuseOtherCharacters() {
        boolean[] hits = {true, false, false, true};
        String text = Outcomes.encode(hits);
        assertEquals("1001", text);
        assertEquals(0.5, Outcomes.mean(text));
        assertEquals(1.0, Outcomes.decode(text, "knn.top1")[3]);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Outcomes.decode("10x1", "knn.top1"));
        assertTrue(e.getMessage().contains("knn.top1") && e.getMessage().contains("position 2"), e.getMessage());
    }

    @Test
    void overlapAndFormatting() {
        Estimate a = new Estimate(0.80, 0.78, 0.82, 872);
        Estimate b = new Estimate(0.84, 0.815, 0.86, 872);
        Estimate c = new Estimate(0.90, 0.88, 0.92, 872);
        assertTrue(a.overlaps(b) && b.overlaps(a));
        assertTrue(!a.overlaps(c));
        assertTrue(!a.overlaps(Estimate.pointOnly(0.8, 1)), "no interval, nothing to say");
        assertEquals("80.0% [78.0, 82.0]", a.percent());
        assertEquals("80.0%", Estimate.pointOnly(0.8, 1).percent());
    }
}
