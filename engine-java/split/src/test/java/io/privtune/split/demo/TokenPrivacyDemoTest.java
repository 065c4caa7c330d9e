package io.privtune.split.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.backend.CpuBackend;
import io.privtune.core.progress.Progress;
import io.privtune.core.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenPrivacyDemoTest {
    @TempDir
    Path dir;

    @Test
    void measuresEveryMechanismOnRealSentences() throws IOException {
        Path data = Sst2TestData.copy(dir.resolve("sst2"), 600, 40);
        DemoReport report;
        List<String> log;
        try (LogCapture capture = LogCapture.privtune()) {
            report = new TokenPrivacyDemo(CpuBackend.INSTANCE, Progress.SILENT)
                    .run(new DemoSettings(data, 0, 0, 16, List.of(50.0), 3L, dir.resolve("cache")));
            log = capture.messages();
        }
        assertEquals(1 + TokenPrivacyDemo.SWEPT.size(), report.cells().size());
        Map<String, DemoCell> cells = report.cells().stream().collect(Collectors.toMap(DemoCell::mechanism, c -> c));
        // clean m = 0 representations are inverted almost perfectly by knn ...
        assertTrue(
                cells.get("none").knnTop1() > 0.95, "none: " + cells.get("none").knnTop1());
        assertEquals(1.0, cells.get("none").meanCosine(), 1e-6);
        // ... noise costs semantic similarity ...
        assertTrue(cells.get("dchi").meanCosine() < 0.95);
        // ... and pulling toward 2-hop targets with full scale defeats the nearest-row decoder
        assertTrue(
                cells.get("privtune-no-importance").knnTop1()
                        < cells.get("dchi").knnTop1() - 0.5,
                "privtune-no-importance " + cells.get("privtune-no-importance").knnTop1() + " vs dchi "
                        + cells.get("dchi").knnTop1());
        assertTrue(report.devTokens() > 400);
        assertEquals(0, report.hopFallbacks() >= 0 ? 0 : 1);
        assertTrue(log.stream().anyMatch(l -> l.contains("built on")), "first run builds the graph");

        // a second run reuses the cached dictionary and graph
        DemoReport again = new TokenPrivacyDemo(CpuBackend.INSTANCE, Progress.SILENT)
                .run(new DemoSettings(data, 0, 0, 16, List.of(50.0), 3L, dir.resolve("cache")));
        assertTrue(again.graphFromCache());
        assertEquals(
                report.cells().get(3).knnTop1(),
                again.cells().get(3).knnTop1(),
                0.0,
                "same research seed, same result");

        Path out = dir.resolve("out");
        DemoOutputs.write(report, out);
        for (String name : List.of("report.json", "table.txt", "knn-asr-vs-eta.png", "knn-asr-vs-cosine.png")) {
            assertTrue(Files.size(out.resolve(name)) > 100, name);
        }
        assertTrue(Files.readString(out.resolve("table.txt")).contains("privtune-no-importance"));
    }

    @Test
    void aDeeperSplitUsesAttentionImportanceAndTheShiftStillDefeatsKnn() throws IOException {
        Path data = Sst2TestData.copy(dir.resolve("sst2"), 300, 20);
        DemoReport report = new TokenPrivacyDemo(CpuBackend.INSTANCE, Progress.SILENT)
                .run(new DemoSettings(
                        data, 0, 0, 16, List.of(100.0), 3L, dir.resolve("cache"), 2, Map.of("kappa", "1")));
        assertEquals(2, report.splitPoint());
        Map<String, DemoCell> cells = report.cells().stream().collect(Collectors.toMap(DemoCell::mechanism, c -> c));
        assertTrue(
                cells.get("none").knnTop1() > 0.8,
                "contextual h at m = 2 is still mostly invertible: "
                        + cells.get("none").knnTop1());
        assertTrue(
                cells.get("privtune").knnTop1() < 0.2,
                "privtune: " + cells.get("privtune").knnTop1());
        assertEquals("attention", cells.get("privtune").parameters().get("importance"));
        assertTrue(
                cells.get("privtune").medianEffectiveEta() > 100,
                "attention importance scales eta_i = eta / s_i above eta");
    }
}
