package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.split.qa.QaOptions;
import io.privtune.split.task.SquadTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A QA grid's report calls its utility exact match everywhere, never accuracy, and warns on a weak `none`. */
class QaReportTest {
    @Test
    void theUtilityIsExactMatchInEveryFile(@TempDir Path out) throws IOException {
        List<CellSpec> grid = List.of(
                CellSpec.parse("none"),
                CellSpec.parse("dchi:eta=5"),
                CellSpec.parse("privtune:eta=5,importance=attention"));
        ExperimentSettings s =
                FakeGrid.qa(out, SquadTask.NAME, new QaOptions(64, 64, 30, 400, QaOptions.Upload.SEPARATE), grid);
        List<CellResult> results = List.of(
                FakeGrid.withOutcomes(s, grid.get(0), 0.05, Map.of("knn.top1", 0.9), Map.of("f1", 0.12)),
                FakeGrid.withOutcomes(s, grid.get(1), 0.01, Map.of("knn.top1", 0.2), Map.of("f1", 0.03)),
                FakeGrid.withOutcomes(s, grid.get(2), 0.02, Map.of("knn.top1", 0.05), Map.of("f1", 0.04)));
        ExperimentReport.write(s, results, "./privtune experiment --task squad");

        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("| cell | exact match | drop (pts) |"), report);
        assertTrue(report.contains("Utility: squad " + SquadTask.evaluationSplit()), report);
        assertTrue(report.contains("separate layout: exact match (and F1 in the statistics"), report);
        assertTrue(report.contains("| exact_match |"), "the statistics table's utility row");
        assertTrue(report.contains("reaches only 5.0% exact match"), "a `none` below 10 % EM is flagged");
        assertTrue(report.contains(", exact match 2.0%, drop 3.00 points"), "the headline in exact match");
        // a 3-point drop from a `none` at 5 % EM shows nothing: the verdict says so instead of Met
        assertTrue(report.contains("- **Not shown** (`none` did not learn the task"), report);
        assertFalse(report.contains("**Met**"), report);
        for (String line : report.split("\n")) { // only the attribute attacker has an accuracy
            assertFalse(
                    line.contains("accuracy") && !line.startsWith("## Attribute inference"),
                    "EM called accuracy: " + line);
        }
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(csv.get(0).contains(",exact_match,exact_match_drop_points,"), csv.get(0));
        assertFalse(csv.get(0).contains("accuracy"), csv.get(0));
        String statistics = Files.readString(out.resolve("statistics.csv"));
        assertTrue(statistics.contains("none,exact_match,") && !statistics.contains(",accuracy,"), statistics);
        assertEquals(3, results.size());
    }
}
