package io.privtune.split.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A grid whose cells cost nothing, for tests of who computes which cell (the claims, not the science). */
final class FakeGrid {
    private FakeGrid() {}

    /** {@code none} and {@code cells - 1} dchi cells, in {@code out}. */
    static ExperimentSettings settings(Path out, int cells) {
        List<CellSpec> grid = new ArrayList<>(List.of(CellSpec.parse("none")));
        for (int i = 1; i < cells; i++) {
            grid.add(CellSpec.parse("dchi:eta=" + i));
        }
        return new ExperimentSettings(
                "fake-model",
                2,
                Path.of("unused"),
                Path.of("unused"),
                out,
                64,
                1,
                16,
                1e-4f,
                32,
                16,
                0,
                AttackSettings.defaults(),
                grid);
    }

    /** A made-up result for {@code cell}, stored the way the runner stores a real one. */
    static void store(ExperimentSettings s, CellSpec cell) {
        int position = s.cells().indexOf(cell);
        CellResult result = new CellResult(
                cell.id(),
                cell.mechanism(),
                cell.parameters(),
                cell.parameters(),
                s.seed(),
                0.8 - 0.01 * position,
                Double.NaN,
                "fake",
                0,
                0,
                Map.of("knn.top1", 1.0 / (1 + position)),
                s.identity(),
                "research seed 0 (test)");
        ExperimentRunner.write(result, ExperimentRunner.cellFile(s, cell));
    }
}
