package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The join: a grid with missing cells is refused, each named with its claim, unless a partial report is asked for. */
class StoredCellsTest {
    @Test
    void aJoinNamesEveryMissingCellOrReportsWhatExistsMarkedPartial(@TempDir Path out) throws IOException {
        ExperimentSettings s = FakeGrid.settings(out, 4);
        FakeGrid.store(s, s.cells().get(0));
        FakeGrid.store(s, s.cells().get(2));
        assertEquals(
                CellClaims.Outcome.CLAIMED,
                new CellClaims(out, new Shard(1, 2), false, cell -> false)
                        .claim(s.cells().get(1)));

        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> StoredCells.join(s, false));
        String message = refused.getMessage();
        assertTrue(message.startsWith("2 of 4 cells have no result in " + out.resolve("cells")), message);
        assertTrue(message.contains("dchi_eta-1 (claimed by shard 1/2") && message.contains("still running"), message);
        assertTrue(message.contains("dchi_eta-3 (not claimed)") && message.contains("--partial"), message);

        List<CellResult> partial = StoredCells.join(s, true);
        assertEquals(
                List.of("none", "dchi_eta-2"),
                partial.stream().map(CellResult::id).toList());
        ExperimentReport.write(s, partial, "test join --partial");
        assertTrue(Files.readString(out.resolve("report.md"))
                .contains("**Partial report: 2 of 4 cells; missing: dchi_eta-1, dchi_eta-3.**"));
        assertTrue(Files.readString(out.resolve("results.json"))
                .contains("\"partial\" : [ \"dchi_eta-1\", \"dchi_eta-3\" ]"));

        ExperimentSettings empty = FakeGrid.settings(out.resolve("empty"), 2);
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> StoredCells.join(empty, true))
                        .getMessage()
                        .startsWith("2 of 2 cells"),
                "nothing to report even partially");
    }

    @Test
    void aStoredCellComputedUnderAnotherDefaultIsNeverReused(@TempDir Path out) {
        CellSpec kappaOnly = CellSpec.parse("privtune:kappa=0.7"); // eta from the defaults
        ExperimentSettings s = FakeGrid.settings(out, List.of(CellSpec.parse("none"), kappaOnly), 1);
        FakeGrid.store(s, kappaOnly);
        assertEquals(kappaOnly.id(), ExperimentRunner.stored(s, kappaOnly).id(), "same defaults: reused");

        // the same cell as stored when the default eta was 100: its parameters in effect then are in the result
        CellResult then = ExperimentRunner.stored(s, kappaOnly);
        java.util.Map<String, String> old = new java.util.LinkedHashMap<>(then.parameters());
        old.put("eta", "100.0");
        ExperimentRunner.write(
                new CellResult(
                        then.id(),
                        then.mechanism(),
                        then.overrides(),
                        old,
                        then.seed(),
                        then.accuracy(),
                        then.medianEffectiveEta(),
                        then.privacyStatement(),
                        0,
                        0,
                        then.metrics(),
                        then.identity(),
                        then.noise(),
                        then.cell(),
                        then.outcomes()),
                ExperimentRunner.cellFile(s, kappaOnly));
        String message = assertThrows(IllegalArgumentException.class, () -> ExperimentRunner.stored(s, kappaOnly))
                .getMessage();
        assertTrue(message.contains("eta=100.0") && message.contains("a default changed"), message);
        assertEquals("", CellSpec.parse("none").effectiveParameters(), "none reads no parameters");
    }

    @Test
    void aFolderFromBeforeFreshNoiseWasTheDefaultIsRefusedNamingTheFlagThatResumesIt(@TempDir Path out) {
        CellSpec none = CellSpec.parse("none");
        List<CellSpec> grid = List.of(none);
        ExperimentSettings now = FakeGrid.settings(out, grid, 1);
        assertTrue(now.attacks().freshAdaptiveNoise(), "fresh noise is the default");
        ExperimentSettings before =
                FakeGrid.settings(out, grid, 1, FakeGrid.attacks(AttackSettings.PATIENCE, 0, false));
        FakeGrid.store(before, none);

        String message = assertThrows(IllegalArgumentException.class, () -> ExperimentRunner.stored(now, none))
                .getMessage();
        assertTrue(message.contains("other settings") && message.contains("--no-adaptive-fresh-noise"), message);
        assertEquals(none.id(), ExperimentRunner.stored(before, none).id(), "resumed with one release");

        // with a naive cap the fresh-noise part sits before it in the identity: the hint still finds the difference
        Path capped = out.resolve("capped");
        FakeGrid.store(FakeGrid.settings(capped, grid, 1, FakeGrid.attacks(AttackSettings.PATIENCE, 1, false)), none);
        AttackSettings freshCapped = FakeGrid.attacks(AttackSettings.PATIENCE, 1, true);
        assertTrue(freshCapped.naiveCut());
        String cappedMessage = assertThrows(
                        IllegalArgumentException.class,
                        () -> ExperimentRunner.stored(FakeGrid.settings(capped, grid, 1, freshCapped), none))
                .getMessage();
        assertTrue(cappedMessage.contains("--no-adaptive-fresh-noise"), cappedMessage);

        // another difference besides: the flag alone would not resume it, so it is not offered
        FakeGrid.store(FakeGrid.settings(out, grid, 1, FakeGrid.attacks(AttackSettings.PATIENCE + 1, 0, false)), none);
        String other = assertThrows(IllegalArgumentException.class, () -> ExperimentRunner.stored(now, none))
                .getMessage();
        assertTrue(other.contains("other settings") && !other.contains("--no-adaptive-fresh-noise"), other);
    }
}
