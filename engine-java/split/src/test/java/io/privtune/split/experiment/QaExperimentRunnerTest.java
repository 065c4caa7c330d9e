package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.backend.CpuBackend;
import io.privtune.core.progress.Progress;
import io.privtune.core.testing.LogCapture;
import io.privtune.split.qa.QaOptions;
import io.privtune.split.qa.SyntheticSquad;
import io.privtune.split.stats.Outcomes;
import io.privtune.split.train.NoiseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A two-cell SQuAD grid on made-up countries with tiny budgets: QA fine-tuning, every attack, the report, resuming. */
class QaExperimentRunnerTest {
    private static final List<String> EVERY_ATTACK = List.of(
            "knn.top1",
            "inversion.naive.top1",
            "inversion.adaptive.top1",
            "contextual.naive.top1",
            "contextual.adaptive.top1",
            "optimisation.top1",
            "attribute-mlp.adaptive.gender",
            "attribute-bow.naive.age",
            "keyword-mlc.adaptive.f1");

    @Test
    void aSquadGridFineTunesForExactMatchAttacksTheQaUploadsAndResumes(@TempDir Path dir) throws IOException {
        Path data = SyntheticSquad.write(dir.resolve("squad"));
        QaOptions qa = new QaOptions(32, 16, 10, 20, QaOptions.Upload.SEPARATE);
        ExperimentSettings s = QaTokenTextsTest.squad(data, dir.resolve("grid"), 40, 1, qa);
        List<CellResult> cells;
        List<String> log;
        try (LogCapture capture = LogCapture.privtune()) {
            cells = new ExperimentRunner(CpuBackend.INSTANCE, Progress.SILENT).run(s, NoiseSettings.research(0));
            log = capture.messages();
        }
        assertEquals(2, cells.size());
        for (CellResult c : cells) {
            for (String metric : EVERY_ATTACK) {
                double value = c.metric(metric);
                assertTrue(value >= 0 && value <= 1, c.id() + " " + metric + " = " + value);
            }
            double f1 = c.metric(ExperimentRunner.QA_F1);
            assertTrue(f1 >= c.accuracy() && f1 <= 1, c.id() + ": F1 " + f1 + ", exact match " + c.accuracy());
            assertTrue(Double.isNaN(c.metric(ExperimentRunner.MACRO_F1)), "QA has no classes");
            String exact = c.outcomes(CellResult.ACCURACY);
            assertEquals(20, Outcomes.decode(exact, "exact match").length, "one outcome per evaluation question");
            assertEquals(c.accuracy(), Outcomes.mean(exact), 1e-9);
            assertTrue(Files.isRegularFile(dir.resolve("grid/cells/" + c.id() + "/summary.json")));
        }
        assertTrue(
                log.stream().anyMatch(l -> l.contains("QA evaluation uploads (separate)")),
                "the token attacks read the QA uploads: " + String.join("\n", log));
        assertTrue(cells.get(0).metric("knn.top1") > 0.8, "none leaves the uploads invertible");
        assertTrue(
                cells.get(1).metric("knn.top1") < cells.get(0).metric("knn.top1") - 0.3,
                "dchi at eta = 5 hides most tokens: " + cells.get(1).metric("knn.top1"));

        ExperimentReport.write(s, cells, "test");
        String report = Files.readString(dir.resolve("grid/report.md"));
        assertTrue(report.contains("| cell | exact match |"), report);

        List<String> started = Collections.synchronizedList(new ArrayList<>());
        Progress recording = (name, total, unit) -> {
            started.add(name);
            return Progress.SILENT.start(name, total, unit);
        };
        List<CellResult> again = new ExperimentRunner(CpuBackend.INSTANCE, recording).run(s, NoiseSettings.research(0));
        assertEquals(
                cells.stream().map(CellResult::accuracy).toList(),
                again.stream().map(CellResult::accuracy).toList());
        assertTrue(started.isEmpty(), "a finished grid runs nothing: " + started);

        ExperimentSettings joint = QaTokenTextsTest.squad(
                data, dir.resolve("grid"), 40, 1, new QaOptions(32, 16, 10, 20, QaOptions.Upload.JOINT));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ExperimentRunner(CpuBackend.INSTANCE, Progress.SILENT).run(joint, NoiseSettings.research(0)));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }
}
