package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    private static ExperimentSettings added(Path out) {
        return FakeGrid.settings(out, List.of(NONE, CellSpec.parse("sap-cti:eta=5")), 3);
    }

    @Test
    void aGridThatAddsCellsTakesTheEarlierReferenceRunsWithTheirOutcomesAndSaysSoInItsReport(@TempDir Path dir)
            throws Exception {
        ExperimentSettings before = earlier(dir.resolve("before"));
        ExperimentSettings added = added(dir.resolve("added"));
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

        ExperimentReport.write(added, StoredCells.join(added, true), "test --reference");
        String report = Files.readString(added.out().resolve("report.md"));
        assertTrue(
                report.contains("Reference runs none_seed-0, none_seed-1, none_seed-2 taken from `"
                        + before.out().resolve("cells").toAbsolutePath().normalize() + "` (`--reference`)"),
                report);
        assertFalse(report.contains("without per-example outcomes"), "the folder's runs keep their outcomes");
        assertTrue(Files.readString(added.out().resolve("results.json")).contains("\"reference\" : [ {"));

        // a taken run computed again is no longer reported as taken
        FakeGrid.withOutcomes(added, added.runs().get(1), 0.81, Map.of("knn.top1", 0.5), Map.of());
        ExperimentReport.write(added, StoredCells.join(added, true), "test --reference");
        assertTrue(Files.readString(added.out().resolve("report.md"))
                .contains("Reference runs none_seed-0, none_seed-2 taken"));
    }

    @Test
    void fromAResultsJsonTheRunsComeWithoutOutcomes(@TempDir Path dir) throws Exception {
        ExperimentSettings before = earlier(dir.resolve("before"));
        ExperimentReport.write(before, StoredCells.join(before, false), "test");
        ExperimentSettings added = added(dir.resolve("added"));

        assertEquals(
                3,
                ReferenceRuns.adopt(added, before.out().resolve("results.json")).size());
        CellResult taken = ExperimentRunner.stored(added, added.runs().get(0));
        assertEquals(ExperimentRunner.stored(before, before.runs().get(0)).accuracy(), taken.accuracy());
        assertNull(taken.outcomes(CellResult.ACCURACY), "results.json keeps no per-example outcomes");
        ExperimentReport.write(added, StoredCells.join(added, true), "test");
        assertTrue(Files.readString(added.out().resolve("report.md")).contains("intervals over seeds only"));
    }

    @Test
    void aRunAnotherProcessHoldsIsLeftToIt(@TempDir Path dir) throws Exception {
        ExperimentSettings before = earlier(dir.resolve("before"));
        ExperimentSettings added = added(dir.resolve("added"));
        CellSpec second = added.runs().get(1);
        assertEquals(
                CellClaims.Outcome.CLAIMED,
                new CellClaims(added.out(), new Shard(1, 2), false, cell -> false).claim(second));

        assertEquals(List.of("none_seed-0", "none_seed-2"), ReferenceRuns.adopt(added, before.out()));
        assertFalse(Files.isRegularFile(ExperimentRunner.cellFile(added, second)), "the claim's owner computes it");
        assertEquals(
                List.of("none_seed-0", "none_seed-2"),
                List.copyOf(ReferenceRuns.recorded(added.out()).get(0).runs().keySet()),
                "the record names the runs taken, not the grid's");

        // a second taking (here from the results.json) is added to the record, not written over it
        ExperimentReport.write(before, StoredCells.join(before, false), "test");
        Files.delete(ExperimentRunner.cellFile(added, added.runs().get(0)));
        assertEquals(
                List.of("none_seed-0"), ReferenceRuns.adopt(added, before.out().resolve("results.json")));
        List<ReferenceRuns.Taken> standing = ReferenceRuns.standing(added);
        assertEquals(2, standing.size());
        assertEquals(List.of("none_seed-2"), List.copyOf(standing.get(0).runs().keySet()));
        assertEquals(List.of("none_seed-0"), List.copyOf(standing.get(1).runs().keySet()));
        assertFalse(standing.get(1).withOutcomes());
    }

    @Test
    void anotherExperimentsReferenceIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        ExperimentSettings before = earlier(dir.resolve("before"));

        ExperimentSettings otherAttackers = FakeGrid.settings(
                dir.resolve("other"), List.of(NONE), 3, FakeGrid.attacks(AttackSettings.PATIENCE + 1, 0, true));
        String other = assertThrows(
                        IllegalArgumentException.class, () -> ReferenceRuns.adopt(otherAttackers, before.out()))
                .getMessage();
        assertTrue(
                other.startsWith("--reference " + before.out().resolve("cells").resolve("none_seed-0.json")
                        + ": its none_seed-0 was computed with other settings"),
                other);
        assertTrue(other.contains(otherAttackers.identity()), other);
        assertEquals(3, StoredCells.missing(otherAttackers).size(), "nothing written");

        // one seed: same identity, but the attacker's text of a three-seed grid leaves out three training samples
        ExperimentSettings oneSeed = FakeGrid.settings(dir.resolve("one"), List.of(NONE), 1);
        String seeds = assertThrows(IllegalArgumentException.class, () -> ReferenceRuns.adopt(oneSeed, before.out()))
                .getMessage();
        assertTrue(
                seeds.contains("its `none` runs are [none_seed-0, none_seed-1, none_seed-2], this grid's [none]")
                        && seeds.contains("the same seeds"),
                seeds);
        assertEquals(1, StoredCells.missing(oneSeed).size(), "nothing written");

        // a results folder of other settings is refused as the runner refuses it, before the reference is written
        ExperimentSettings foreign = FakeGrid.settings(
                dir.resolve("foreign"),
                List.of(NONE, CellSpec.parse("dchi:eta=5")),
                3,
                FakeGrid.attacks(AttackSettings.PATIENCE + 1, 0, true));
        FakeGrid.store(foreign, foreign.runs().get(3));
        ExperimentSettings into = FakeGrid.settings(foreign.out(), foreign.cells(), 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReferenceRuns.adopt(into, before.out()))
                .getMessage()
                .contains("was produced with other settings"));
        assertFalse(
                Files.isRegularFile(ExperimentRunner.cellFile(into, into.runs().get(0))));

        Path empty = Files.createDirectories(dir.resolve("empty"));
        String neither = assertThrows(IllegalArgumentException.class, () -> ReferenceRuns.adopt(oneSeed, empty))
                .getMessage();
        assertTrue(neither.contains("results folder (with cells/) or its results.json, found neither"), neither);

        Path notResults = Files.writeString(dir.resolve("grid.json"), "{\"seeds\": 3}");
        String bad = assertThrows(IllegalArgumentException.class, () -> ReferenceRuns.adopt(oneSeed, notResults))
                .getMessage();
        assertTrue(bad.contains("not an experiment's results.json (expected a \"cells\" array)"), bad);
    }
}
