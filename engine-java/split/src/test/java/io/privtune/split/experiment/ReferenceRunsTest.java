package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --reference}: a grid's `none` runs taken from an earlier experiment of the same settings, never another's. */
class ReferenceRunsTest {
    private static final CellSpec NONE = CellSpec.parse("none");

    /** An earlier three-seed experiment: none and one dχ cell, every run with per-example outcomes. */
    private static ExperimentSettings earlier(Path out) {
        ExperimentSettings s = FakeGrid.settings(out, List.of(NONE, CellSpec.parse("dchi:eta=5")), 3);
        for (CellSpec run : s.runs()) {
            FakeGrid.withOutcomes(
                    s, run, run.mechanism().equals("none") ? 0.8 : 0.7, Map.of("knn.top1", 0.5), Map.of());
        }
        return s;
    }

    @Test
    void aGridThatAddsCellsTakesTheEarlierReferenceRunsWithTheirOutcomesAndRunsOnlyItsOwnCells(@TempDir Path dir) {
        ExperimentSettings before = earlier(dir.resolve("before"));
        ExperimentSettings added =
                FakeGrid.settings(dir.resolve("added"), List.of(NONE, CellSpec.parse("sap-cti:eta=5")), 3);
        assertEquals(6, StoredCells.missing(added).size(), "nothing stored yet");

        assertEquals(List.of("none_seed-0", "none_seed-1", "none_seed-2"), ReferenceRuns.adopt(added, before.out()));
        assertEquals(
                List.of("sap-cti_eta-5_seed-0", "sap-cti_eta-5_seed-1", "sap-cti_eta-5_seed-2"),
                StoredCells.missing(added).stream().map(CellSpec::id).toList(),
                "only the grid's own cells are left to compute");
        for (CellSpec run : added.runs().subList(0, 3)) {
            CellResult taken = ExperimentRunner.stored(added, run);
            CellResult original = ExperimentRunner.stored(before, run);
            assertEquals(original.accuracy(), taken.accuracy());
            assertEquals(original.outcomes(CellResult.ACCURACY), taken.outcomes(CellResult.ACCURACY));
        }
        assertEquals(List.of(), ReferenceRuns.adopt(added, before.out()), "runs already there are kept");
    }

    @Test
    void fromAResultsJsonTheRunsComeWithoutOutcomesAndUnderThisGridsIds(@TempDir Path dir) {
        ExperimentSettings before = earlier(dir.resolve("before"));
        ExperimentReport.write(before, StoredCells.join(before, false), "test");
        // one seed: this grid's run of seed 0 is called `none`, the earlier one `none_seed-0`
        ExperimentSettings one = FakeGrid.settings(dir.resolve("one"), List.of(NONE), 1);
        Path json = before.out().resolve("results.json");

        assertEquals(List.of("none"), ReferenceRuns.adopt(one, json));
        CellResult taken = ExperimentRunner.stored(one, NONE);
        assertEquals("none", taken.id());
        assertEquals(ExperimentRunner.stored(before, before.runs().get(0)).accuracy(), taken.accuracy());
        assertNull(taken.outcomes(CellResult.ACCURACY), "results.json keeps no per-example outcomes");
        assertNotNull(StoredCells.join(one, false));
    }

    @Test
    void anotherExperimentsReferenceOrAMissingOneIsRefusedNamingWhy(@TempDir Path dir) throws Exception {
        ExperimentSettings before = earlier(dir.resolve("before"));
        ExperimentSettings otherAttackers = FakeGrid.settings(
                dir.resolve("other"), List.of(NONE), 3, FakeGrid.attacks(AttackSettings.PATIENCE + 1, 0, true));
        String other = assertThrows(
                        IllegalArgumentException.class, () -> ReferenceRuns.adopt(otherAttackers, before.out()))
                .getMessage();
        assertTrue(other.startsWith("--reference " + before.out().resolve("cells")), other);
        assertTrue(other.contains("other settings") && other.contains(otherAttackers.identity()), other);
        assertEquals(3, StoredCells.missing(otherAttackers).size(), "nothing written");

        ExperimentSettings laterSeeds = FakeGrid.settings(dir.resolve("later"), List.of(NONE), 1);
        ExperimentSettings seedFive = new ExperimentSettings(
                laterSeeds.model(),
                laterSeeds.splitPoint(),
                laterSeeds.data(),
                laterSeeds.trustpilot(),
                laterSeeds.out(),
                laterSeeds.trainSubset(),
                laterSeeds.epochs(),
                laterSeeds.batchSize(),
                laterSeeds.learningRate(),
                laterSeeds.maxLength(),
                laterSeeds.k(),
                5,
                laterSeeds.attacks(),
                laterSeeds.cells(),
                1);
        String seeds = assertThrows(IllegalArgumentException.class, () -> ReferenceRuns.adopt(seedFive, before.out()))
                .getMessage();
        assertTrue(seeds.contains("holds no `none` run of seed 5 (its `none` seeds: [0, 1, 2])"), seeds);

        Path empty = Files.createDirectories(dir.resolve("empty"));
        String neither = assertThrows(IllegalArgumentException.class, () -> ReferenceRuns.adopt(laterSeeds, empty))
                .getMessage();
        assertTrue(neither.contains("results folder (with cells/) or its results.json, found neither"), neither);

        Path notResults = Files.writeString(dir.resolve("grid.json"), "{\"seeds\": 3}");
        String bad = assertThrows(IllegalArgumentException.class, () -> ReferenceRuns.adopt(laterSeeds, notResults))
                .getMessage();
        assertTrue(bad.contains("not an experiment's results.json (expected a \"cells\" array)"), bad);
    }
}
