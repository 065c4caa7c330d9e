package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CellSpecTest {
    @Test
    void parsesNameAndParametersIntoAStableId() {
        CellSpec cell = CellSpec.parse("privtune:kappa=0.6,eta=100");
        assertEquals("privtune", cell.mechanism());
        assertEquals(Map.of("eta", "100", "kappa", "0.6"), cell.parameters());
        assertEquals("privtune_eta-100_kappa-0.6", cell.id());
        assertEquals(cell, CellSpec.parse("privtune:eta=100,kappa=0.6"));
        assertEquals("none", CellSpec.parse("none").id());
    }

    @Test
    void refusesUnknownMechanismsAndMalformedPairs() {
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> CellSpec.parse("laplace:eta=1"));
        assertTrue(
                unknown.getMessage().contains("laplace") && unknown.getMessage().contains("dchi"),
                unknown.getMessage());
        IllegalArgumentException malformed =
                assertThrows(IllegalArgumentException.class, () -> CellSpec.parse("dchi:eta"));
        assertTrue(malformed.getMessage().contains("key=value"), malformed.getMessage());
    }

    @Test
    void standardGridHasNoneEverySweptEtaTheAblationsAndExtras() {
        List<CellSpec> cells = ExperimentGrid.standard(
                List.of(10.0, 30.0, 100.0, 300.0),
                ExperimentGrid.SWEPT,
                ExperimentGrid.ABLATIONS,
                100,
                Map.of("kappa", "0.7"),
                List.of(CellSpec.parse("privtune:eta=100,kappa=0.5")),
                384);
        assertEquals("none", cells.get(0).mechanism());
        assertEquals(1 + 3 * 4 + 3 + 1, cells.size());
        for (String swept : ExperimentGrid.SWEPT) {
            assertEquals(
                    4,
                    cells.stream()
                                    .filter(c -> c.mechanism().equals(swept)
                                            && !c.parameters().containsKey("sigma"))
                                    .count()
                            - (swept.equals("privtune") ? 1 : 0));
        }
        CellSpec privtune = cells.stream()
                .filter(c -> c.mechanism().equals("privtune"))
                .findFirst()
                .orElseThrow();
        assertEquals("0.7", privtune.parameters().get("kappa"), "privtune parameters apply to privtune cells");
        CellSpec dchi = cells.stream()
                .filter(c -> c.mechanism().equals("dchi"))
                .findFirst()
                .orElseThrow();
        assertTrue(!dchi.parameters().containsKey("kappa"), "and only to them");
        CellSpec gaussian = cells.stream()
                .filter(c -> c.mechanism().equals("gaussian"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                Math.sqrt(384) / 100,
                Double.parseDouble(gaussian.parameters().get("sigma")),
                1e-4,
                "same expected noise norm as dchi");
    }

    @Test
    void settingsNeedANoneCell() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ExperimentSettings(
                        "m",
                        2,
                        null,
                        null,
                        null,
                        10,
                        1,
                        8,
                        1e-4f,
                        64,
                        16,
                        0,
                        AttackSettings.defaults(),
                        List.of(CellSpec.parse("dchi:eta=10"))));
    }
}
