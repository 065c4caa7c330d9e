package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token attack that fails on `none`'s clean uploads is named in the report: its rates elsewhere mean nothing. */
class BlindAttackReportTest {
    @Test
    void anAttackBlindOnCleanUploadsIsWarnedAbout(@TempDir Path out) throws IOException {
        String report = report(out, 0.0);
        assertTrue(report.contains("**The optimisation attack reads 0.0% of `none`'s tokens**"), head(report));
        assertTrue(report.contains("`--optimisation-steps`"), "the fix is named");
        assertFalse(report.contains("**The knn attack reads"), "knn reads 97 % of none's tokens");
    }

    @Test
    void anAttackThatReadsCleanUploadsIsNot(@TempDir Path out) throws IOException {
        String report = report(out, 0.6);
        assertFalse(report.contains("of `none`'s tokens**"), head(report));
    }

    /** A none and a dchi cell; the optimisation attack reads {@code cleanOptimisation} of none's tokens. */
    private static String report(Path out, double cleanOptimisation) throws IOException {
        ExperimentSettings s = FakeGrid.settings(out, 2);
        List<CellResult> cells = s.runs().stream()
                .map(run -> FakeGrid.withOutcomes(
                        s,
                        run,
                        0.8,
                        run.mechanism().equals("none")
                                ? Map.of("knn.top1", 0.97, "optimisation.top1", cleanOptimisation)
                                : Map.of("knn.top1", 0.3, "optimisation.top1", 0.0),
                        Map.of()))
                .toList();
        ExperimentReport.write(s, cells, "test");
        return Files.readString(out.resolve("report.md"));
    }

    private static String head(String report) {
        return report.substring(0, Math.min(report.length(), 3000));
    }
}
