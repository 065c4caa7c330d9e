package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.split.stats.Bootstrap;
import io.privtune.split.stats.Estimate;
import io.privtune.split.stats.Outcomes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UtilityDropTest {
    private static final int EXAMPLES = 800;

    /** A run of {@code cell} at {@code seed} whose dev outcomes are {@code hits}. */
    private static CellResult run(String cell, long seed, boolean[] hits) {
        String outcomes = Outcomes.encode(hits);
        return new CellResult(
                cell + "_seed-" + seed,
                cell.startsWith("none") ? "none" : "privtune",
                Map.of(),
                Map.of(),
                seed,
                Outcomes.mean(outcomes),
                Double.NaN,
                "",
                0,
                0,
                Map.of(),
                "x",
                null,
                cell,
                Map.of(CellResult.ACCURACY, outcomes));
    }

    /** 85 % of the examples right, a different draw per seed. */
    private static boolean[] reference(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] hits = new boolean[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            hits[i] = random.nextDouble() < 0.85;
        }
        return hits;
    }

    /** {@code hits} with its first {@code lost} right answers turned wrong. */
    private static boolean[] losing(boolean[] hits, int lost) {
        boolean[] out = hits.clone();
        for (int i = 0; i < out.length && lost > 0; i++) {
            if (out[i]) {
                out[i] = false;
                lost--;
            }
        }
        return out;
    }

    private static CellStatistics statistics(List<CellResult> runs) {
        return CellStatistics.of(runs, Bootstrap.standard()).get(0);
    }

    @Test
    void pairingSeparatesADropThatTheOverlapOfTheMarginalIntervalsCannot() {
        // the cell loses 16, 32 and 24 of 800 examples (2, 4 and 3 points) and gets no example right that none misses
        List<CellResult> none = new ArrayList<>();
        List<CellResult> cell = new ArrayList<>();
        int[] lost = {16, 32, 24};
        for (int s = 0; s < 3; s++) {
            boolean[] hits = reference(s);
            none.add(run("none", s, hits));
            cell.add(run("privtune_eta-13", s, losing(hits, lost[s])));
        }
        CellStatistics reference = statistics(none);
        CellStatistics ours = statistics(cell);
        assertTrue(ours.accuracy().overlaps(reference.accuracy()), "the marginal intervals overlap");

        UtilityDrop drop = UtilityDrop.of(reference, ours, Bootstrap.standard()).orElseThrow();
        assertEquals(3.0, drop.points(), 1e-9);
        assertEquals(List.of(0L, 1L, 2L), List.copyOf(drop.perSeed().keySet()));
        assertEquals(2.0, drop.perSeed().get(0L), 1e-9);
        assertEquals(4.0, drop.perSeed().get(1L), 1e-9);
        assertEquals(3.0, drop.perSeed().get(2L), 1e-9);
        assertEquals(3.0, drop.examples().mean(), 1e-9);
        assertTrue(
                drop.examples().lower() > 1.5 && drop.examples().upper() < 4.5,
                drop.examples().toString());
        // per-seed drops 2, 4, 3: standard deviation 1, standard error 1 / sqrt(3), t(0.975, 2 df) = 4.3027
        double half = 4.302652729749464 / Math.sqrt(3);
        assertEquals(3.0 - half, drop.seeds().lower(), 1e-9);
        assertEquals(3.0 + half, drop.seeds().upper(), 1e-9);

        String text = drop.describe(Headline.DROP_TARGET, Bootstrap.LEVEL);
        assertTrue(
                text.contains("(seeds 0, 1, 2), the drop is 3.00 points")
                        && text.contains("(paired bootstrap: above zero, the target inside)"),
                text);
        assertTrue(
                text.contains("[0.52, 5.48] over the 3 seeds (Student t, 2 df, from the per-seed drops 2.00 / 4.00 / "
                        + "3.00: above zero, the target inside)"),
                text);
    }

    @Test
    void seedsArePairedBySeedNotByPositionAndOnlyWhereBothRan() {
        boolean[] a = reference(0);
        boolean[] b = reference(1);
        CellStatistics none = statistics(List.of(run("none", 0, a), run("none", 1, b)));
        // the cell's runs stored in the other order, with a third seed none never ran
        CellStatistics cell = statistics(List.of(
                run("privtune_eta-13", 1, losing(b, 40)),
                run("privtune_eta-13", 0, losing(a, 8)),
                run("privtune_eta-13", 7, losing(a, 400))));
        UtilityDrop drop = UtilityDrop.of(none, cell, Bootstrap.standard()).orElseThrow();
        assertEquals(2, drop.seedCount());
        assertEquals(List.of(0L, 1L), List.copyOf(drop.perSeed().keySet()));
        assertEquals(1.0, drop.perSeed().get(0L), 1e-9);
        assertEquals(5.0, drop.perSeed().get(1L), 1e-9);
        assertEquals(3.0, drop.points(), 1e-9);
        assertTrue(
                drop.describe(3.33, 0.95).startsWith("Paired by seed and example (seeds 0, 1), "),
                "the seeds both ran");

        CellStatistics elsewhere = statistics(List.of(run("privtune_eta-13", 9, a)));
        assertTrue(UtilityDrop.of(none, elsewhere, Bootstrap.standard()).isEmpty(), "no shared seed, no drop");
    }

    @Test
    void withoutComparableOutcomesOnlyTheSeedIntervalIsGiven() {
        boolean[] a = reference(0);
        boolean[] b = reference(1);
        CellStatistics none = statistics(List.of(run("none", 0, a), run("none", 1, b)));
        // the cell's second run scored other examples (a shorter evaluation set): no example-wise pairing
        boolean[] shorter = java.util.Arrays.copyOf(losing(b, 16), EXAMPLES - 10);
        CellStatistics cell =
                statistics(List.of(run("privtune_eta-13", 0, losing(a, 8)), run("privtune_eta-13", 1, shorter)));
        UtilityDrop drop = UtilityDrop.of(none, cell, Bootstrap.standard()).orElseThrow();
        assertFalse(drop.examples().hasInterval());
        assertTrue(drop.seeds().hasInterval());
        assertTrue(drop.hasInterval());
        assertTrue(
                drop.describe(3.33, 0.95).contains("over the evaluation examples unknown"), drop.describe(3.33, 0.95));
    }

    @Test
    void saysWhereZeroAndTheTargetLie() {
        assertEquals("above zero, below the target", UtilityDrop.where(interval(0.5, 3.0), 3.33));
        assertEquals("above zero, the target inside", UtilityDrop.where(interval(2.0, 4.0), 3.33));
        assertEquals("above zero, above the target", UtilityDrop.where(interval(3.5, 4.0), 3.33));
        assertEquals("zero inside, below the target", UtilityDrop.where(interval(-1.0, 3.0), 3.33));
        assertEquals("below zero, below the target", UtilityDrop.where(interval(-2.0, -1.0), 3.33));
    }

    private static Estimate interval(double lo, double hi) {
        return new Estimate((lo + hi) / 2, lo, hi, 3);
    }
}
