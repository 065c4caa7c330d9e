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

/** The report says so, in bold, when an attacker trained on fewer texts than its budget asked for. */
class AttackerBudgetReportTest {
    private static final AttackSettings ASKED = AttackSettings.defaults();

    @Test
    void aShortAttributePoolIsWarnedAboutLikeAShortTokenPool(@TempDir Path out) throws IOException {
        String report = report(out, ASKED.auxiliarySentences(), ASKED.attributeTexts() - 37);
        assertTrue(
                report.contains("**The attribute attackers trained on " + (ASKED.attributeTexts() - 37)
                        + " texts, not the " + ASKED.attributeTexts() + " asked for**"),
                report.substring(0, 2500));
        assertFalse(report.contains("**The token attackers"), "the token pool was full");
    }

    @Test
    void fullPoolsWarnOfNothing(@TempDir Path out) throws IOException {
        String report = report(out, ASKED.auxiliarySentences(), ASKED.attributeTexts());
        assertFalse(report.contains("asked for**"), report.substring(0, 2500));
    }

    /** A none and a dchi cell whose attackers trained on {@code tokenTexts} and {@code attributeTexts} texts. */
    private static String report(Path out, int tokenTexts, int attributeTexts) throws IOException {
        ExperimentSettings s = FakeGrid.settings(out, 2);
        Map<String, Double> budgets =
                Map.of("attacker.texts", (double) tokenTexts, "attribute.attacker-texts", (double) attributeTexts);
        List<CellResult> cells = s.runs().stream()
                .map(run -> FakeGrid.withOutcomes(s, run, 0.8, Map.of("knn.top1", 0.3), budgets))
                .toList();
        ExperimentReport.write(s, cells, "test");
        return Files.readString(out.resolve("report.md"));
    }
}
