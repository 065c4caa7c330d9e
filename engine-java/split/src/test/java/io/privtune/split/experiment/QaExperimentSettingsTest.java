package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.split.qa.QaOptions;
import io.privtune.split.task.SquadTask;
import io.privtune.split.task.UtilityMetric;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A QA grid: its options are part of what it is, and cells that need classes are refused before any work. */
class QaExperimentSettingsTest {
    private static final QaOptions SEPARATE = new QaOptions(64, 64, 30, 500, QaOptions.Upload.SEPARATE);

    private static ExperimentSettings grid(String task, QaOptions qa, String... cells) {
        return FakeGrid.qa(
                Path.of("unused"),
                task,
                qa,
                java.util.Arrays.stream(cells).map(CellSpec::parse).toList());
    }

    @Test
    void squadIsAGridOfItsOwnWithExactMatchAsUtility() {
        ExperimentSettings s =
                grid(SquadTask.NAME, SEPARATE, "none", "dchi:eta=10", "privtune:eta=30,importance=attention");
        assertTrue(s.extractiveQa());
        assertEquals(UtilityMetric.EXACT_MATCH, s.utility());
        assertEquals("exact match", s.utility().label());
        assertTrue(s.identity().contains("|task squad|qa "), s.identity());
        ExperimentSettings joint =
                grid(SquadTask.NAME, new QaOptions(64, 64, 30, 500, QaOptions.Upload.JOINT), "none", "dchi:eta=10");
        ExperimentSettings fewer =
                grid(SquadTask.NAME, new QaOptions(64, 64, 30, 100, QaOptions.Upload.SEPARATE), "none", "dchi:eta=10");
        assertNotEquals(s.identity(), joint.identity(), "stored cells of another layout are refused");
        assertNotEquals(s.identity(), fewer.identity(), "or of another evaluation sample");
        assertEquals(UtilityMetric.ACCURACY, grid("fpb", null, "none").utility());
        assertTrue(!grid("fpb", null, "none").identity().contains("|qa "));
    }

    @Test
    void cellsThatNeedClassesAreRefusedWithWhatToRunInstead() {
        for (String cell :
                List.of("sap-cti:eta=10", "privtune:eta=30,importance=cti", "privtune:eta=30,consistent-share=0.5")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> grid(SquadTask.NAME, SEPARATE, "none", cell));
            assertTrue(
                    e.getMessage().contains(CellSpec.parse(cell).id())
                            && e.getMessage().contains("CTI")
                            && e.getMessage().contains("importance=attention and consistent-share 1"),
                    e.getMessage());
        }
    }

    @Test
    void qaOptionsBelongToSquadOnly() {
        IllegalArgumentException missing =
                assertThrows(IllegalArgumentException.class, () -> grid(SquadTask.NAME, null, "none"));
        assertTrue(missing.getMessage().contains("QA options"), missing.getMessage());
        IllegalArgumentException stray =
                assertThrows(IllegalArgumentException.class, () -> grid("fpb", SEPARATE, "none"));
        assertTrue(stray.getMessage().contains("--task squad only"), stray.getMessage());
    }
}
