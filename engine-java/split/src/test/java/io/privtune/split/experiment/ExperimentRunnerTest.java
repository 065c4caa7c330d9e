package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.backend.CpuBackend;
import io.privtune.core.progress.Progress;
import io.privtune.core.testing.LogCapture;
import io.privtune.split.demo.Sst2TestData;
import io.privtune.split.demo.TrustpilotTestData;
import io.privtune.split.train.NoiseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A two-cell experiment on real data with tiny budgets: every attack's metric, the report files, and resuming. */
class ExperimentRunnerTest {
    private static final List<String> EVERY_ATTACK = List.of(
            "knn.top1",
            "knn.top5",
            "inversion.naive.top1",
            "inversion.adaptive.top1",
            "optimisation.top1",
            "contextual.naive.top1",
            "contextual.adaptive.top1",
            "contextual.adaptive.top5",
            "attribute-mlp.naive.gender",
            "attribute-mlp.adaptive.age",
            "attribute-bow.naive.gender",
            "attribute-bow.adaptive.age",
            "keyword-mlc.naive.f1",
            "keyword-mlc.adaptive.f1",
            "majority.gender",
            "keyword-mlc.baseline.f1");

    private static ExperimentSettings settings(Path out, long seed) {
        AttackSettings tiny = new AttackSettings(150, 1, 2, 3, 0.3f, 120, 30, 32, 1, 0.1, 1, 16, 0, false, 0);
        return new ExperimentSettings(
                "all-minilm-l6-v2",
                2,
                Sst2TestData.source(),
                TrustpilotTestData.source(),
                out,
                64,
                1,
                16,
                1e-4f,
                32,
                16,
                seed,
                tiny,
                List.of(CellSpec.parse("none"), CellSpec.parse("dchi:eta=5")));
    }

    @Test
    void runsEveryAttackOnEveryCellWritesTheReportAndResumes(@TempDir Path out) throws IOException {
        ExperimentSettings s = settings(out, 0);
        List<CellResult> cells;
        List<String> log;
        List<String> started = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Progress recording = (name, total, unit) -> {
            started.add(name);
            return Progress.SILENT.start(name, total, unit);
        };
        try (LogCapture capture = LogCapture.privtune()) {
            cells = new ExperimentRunner(CpuBackend.INSTANCE, recording).run(s, NoiseSettings.research(0));
            log = capture.messages();
        }
        ExperimentReport.write(s, cells, "test");
        assertEquals(2, cells.size());
        for (CellResult c : cells) {
            for (String metric : EVERY_ATTACK) {
                double value = c.metric(metric);
                assertTrue(value >= 0 && value <= 1, c.id() + " " + metric + " = " + value);
            }
            assertEquals(150, c.metric("attacker.texts"), "the SST-2 pool holds the 150 asked for");
            assertTrue(
                    Double.isNaN(c.metric("attribute-mlp-device.naive.gender")),
                    "TrustPilot does not say who wrote a review: no device links its texts");
            double parts = 0; // the attack time broken down by part adds up to no more than the attacks' time
            for (String part : List.of(
                    "victim-upload", "knn", "naive-training", "inversion", "contextual", "optimisation", "attribute")) {
                double seconds = c.metric(part + ".seconds");
                assertTrue(seconds >= 0, c.id() + " " + part + ".seconds = " + seconds);
                parts += seconds;
            }
            assertTrue(c.metric("knn.seconds") > 0 && parts <= c.attackSeconds() + 1e-6, c.id() + ": " + parts);
        }
        for (CellResult c : cells) { // the per-example outcomes behind the report's intervals
            assertEquals(c.id(), c.cellId());
            String dev = c.outcomes(CellResult.ACCURACY);
            assertTrue(dev != null && !dev.isEmpty(), c.id() + ": no dev outcomes");
            assertEquals(c.accuracy(), io.privtune.split.stats.Outcomes.mean(dev), 1e-9);
            for (String metric : List.of(
                    "knn.top1",
                    "knn.top5",
                    "inversion.naive.top1",
                    "inversion.adaptive.top5",
                    "optimisation.top1",
                    "attribute-mlp.adaptive.gender",
                    "attribute-bow.naive.age")) {
                String hits = c.outcomes(metric);
                assertTrue(hits != null, c.id() + ": no outcomes for " + metric);
                assertEquals(
                        c.metric(metric), io.privtune.split.stats.Outcomes.mean(hits), 1e-9, c.id() + " " + metric);
            }
        }
        CellResult none = cells.get(0);
        CellResult dchi = cells.get(1);
        assertTrue(none.metric("knn.top1") > 0.8, "none leaves tokens invertible: " + none.metric("knn.top1"));
        assertTrue(
                dchi.metric("knn.top1") < none.metric("knn.top1") - 0.3,
                "dchi at eta = 5 hides most tokens: " + dchi.metric("knn.top1"));
        assertTrue(
                log.stream().anyMatch(l -> l.contains("dropped as victim text")),
                "the corpora report the disjointness filter");
        for (String file : List.of(
                "results.json",
                "results.csv",
                "report.md",
                "frontier-knn.png",
                "frontier-inversion-adaptive.png",
                "frontier-contextual-adaptive.png",
                "frontier-strongest.png")) {
            assertTrue(Files.size(out.resolve(file)) > 100, file);
        }
        String report = Files.readString(out.resolve("report.md"));
        assertFalse(report.contains("The token attackers trained on"), "the SST-2 pool is not short");
        assertTrue(report.contains("## Headline") && report.contains("dchi_eta-5"), report);
        assertTrue(report.contains("## Strongest token attacker"), report);
        assertTrue(report.contains("attacks by part, s") && report.contains("inversion "), report);
        assertTrue(!Files.readString(out.resolve("statistics.csv")).contains(".seconds"), "timings get no intervals");
        assertTrue(!Files.readString(out.resolve("statistics.csv")).contains(".cached"), "bookkeeping, no interval");
        assertEquals(1.0, none.metric("inversion.naive.kept-epoch"), "the epoch cap of 1");
        for (String model : List.of("train adaptive inversion model", "train adaptive contextual inversion model")) {
            assertEquals(
                    1, started.stream().filter(model::equals).count(), model + ": for dchi only, none reuses naive");
        }
        for (String attack : List.of("inversion", "contextual")) { // none changes nothing: adaptive = naive
            assertEquals(none.metric(attack + ".naive.top1"), none.metric(attack + ".adaptive.top1"), 0.0, attack);
            assertEquals(none.outcomes(attack + ".naive.top5"), none.outcomes(attack + ".adaptive.top5"), attack);
        }
        assertTrue(StrongestAttacker.of(dchi.metrics()).isPresent());
        assertEquals(3, Files.readAllLines(out.resolve("results.csv")).size(), "header + one row per cell");
        assertTrue(Files.readString(out.resolve("statistics.csv")).contains("\ndchi_eta-5,knn.top1,"));

        // the naive attackers are stored in the results folder: a process that resumes loads them, not trains them,
        // and they attack exactly as the trained ones did
        assertEquals(
                1,
                started.stream().filter("train naive inversion model"::equals).count());
        for (CellResult c : cells) {
            assertEquals(0.0, c.metric("naive-training.cached"), c.id() + ": trained by this process");
        }
        // none: the cheapest cell to compute again, with no adaptive models to train
        Files.delete(ExperimentRunner.cellFile(s, s.runs().get(0))); // as if the process had stopped before it
        Files.delete(CellClaims.file(out, s.runs().get(0)));
        started.clear();
        CellResult rerun = new ExperimentRunner(CpuBackend.INSTANCE, recording)
                .run(s, NoiseSettings.research(0))
                .get(0);
        assertEquals(1.0, rerun.metric("naive-training.cached"));
        assertTrue(started.stream().noneMatch(name -> name.startsWith("train naive")), String.join("\n", started));
        for (String metric : List.of(
                "inversion.naive.top1", "inversion.naive.top5", "contextual.naive.top1", "contextual.naive.top5")) {
            assertEquals(none.metric(metric), rerun.metric(metric), 0.0, metric);
            assertEquals(none.outcomes(metric), rerun.outcomes(metric), metric);
        }

        // a stored cell is reused, not recomputed: mark it and run again
        Path stored = out.resolve("cells").resolve("none.json");
        Files.writeString(
                stored, Files.readString(stored).replaceFirst("\"accuracy\" : [0-9.E-]+", "\"accuracy\" : 0.123"));
        List<CellResult> resumed;
        List<String> again;
        try (LogCapture capture = LogCapture.privtune()) {
            resumed = new ExperimentRunner(CpuBackend.INSTANCE, Progress.SILENT).run(s, NoiseSettings.research(0));
            again = capture.messages();
        }
        assertEquals(0.123, resumed.get(0).accuracy(), 0.0);
        assertEquals(dchi.metric("knn.top1"), resumed.get(1).metric("knn.top1"), 0.0);
        assertTrue(again.stream().filter(l -> l.contains("already done")).count() == 2, String.join("\n", again));

        assertEquals(
                0.123,
                ExperimentRunner.storedResults(s).get(0).accuracy(),
                0.0,
                "a report can be rebuilt from the stored cells");

        IllegalArgumentException mixed = assertThrows(
                IllegalArgumentException.class,
                () -> new ExperimentRunner(CpuBackend.INSTANCE, Progress.SILENT)
                        .run(settings(out, 1), NoiseSettings.research(0)));
        assertTrue(mixed.getMessage().contains("other settings"), mixed.getMessage());
    }

    /** The fresh-noise option reaches both adaptive inverters: their second epoch trains on another release of the text. */
    @Test
    void theAdaptiveInvertersDrawFreshNoiseEveryEpochWhenAsked(@TempDir Path dir) {
        double[] adaptive = new double[2];
        double[] naive = new double[2];
        double[] contextualAdaptive = new double[2];
        double[] contextualNaive = new double[2];
        List<String> started = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Progress recording = (name, total, unit) -> {
            started.add(name);
            return Progress.SILENT.start(name, total, unit);
        };
        for (int fresh = 0; fresh < 2; fresh++) {
            // two epochs, none held out: the second always runs, on release 1 when fresh; the BiLSTM on 60 of the
            // texts; the naive models cut to one epoch
            AttackSettings budget =
                    new AttackSettings(150, 2, 2, 3, 0.3f, 120, 30, 32, 1, 0.0, 2, 16, 60, fresh == 1, 1);
            ExperimentSettings s = new ExperimentSettings(
                    "all-minilm-l6-v2",
                    2,
                    Sst2TestData.source(),
                    TrustpilotTestData.source(),
                    dir.resolve("run-" + fresh),
                    64,
                    1,
                    16,
                    1e-4f,
                    32,
                    16,
                    0,
                    budget,
                    List.of(CellSpec.parse("none"), CellSpec.parse("dchi:eta=5")));
            List<CellResult> cells =
                    new ExperimentRunner(CpuBackend.INSTANCE, recording).run(s, NoiseSettings.research(0));
            CellResult cell = cells.get(1);
            // none leaves the text clean, but its adaptive models keep their own budget: they are not the cut naive
            // ones
            assertEquals(1.0, cells.get(0).metric("contextual.naive.kept-epoch"));
            assertEquals(2.0, cells.get(0).metric("inversion.adaptive.kept-epoch"), "none's adaptive MLP is not cut");
            assertEquals(2.0, cells.get(0).metric("contextual.adaptive.kept-epoch"), "nor its contextual model");
            adaptive[fresh] = cell.metric("inversion.adaptive.top1");
            naive[fresh] = cell.metric("inversion.naive.top1");
            contextualAdaptive[fresh] = cell.metric("contextual.adaptive.top1");
            contextualNaive[fresh] = cell.metric("contextual.naive.top1");
            assertEquals(1.0, cell.metric("inversion.naive.kept-epoch"), "--naive-epochs caps the naive MLP");
            assertEquals(1.0, cell.metric("contextual.naive.kept-epoch"), "and the naive contextual model");
            assertEquals(2.0, cell.metric("inversion.adaptive.kept-epoch"), "but not the adaptive MLP");
            assertEquals(2.0, cell.metric("contextual.adaptive.kept-epoch"), "nor the adaptive contextual model");
        }
        assertTrue(started.contains("train adaptive inversion model (fresh noise every epoch)"), started.toString());
        assertTrue(
                started.contains("train adaptive contextual inversion model (fresh noise every epoch)"),
                started.toString());
        assertEquals(naive[0], naive[1], "the naive inverter never sees the mechanism");
        assertEquals(contextualNaive[0], contextualNaive[1], "nor does the naive contextual model");
        assertTrue(adaptive[0] != adaptive[1], "the same adaptive rate with and without fresh noise: " + adaptive[0]);
        assertTrue(
                contextualAdaptive[0] != contextualAdaptive[1],
                "the same contextual adaptive rate with and without fresh noise: " + contextualAdaptive[0]);
    }

    /** Another task: its own splits for fine-tuning and as the victim text, macro-F1 beside accuracy, its own identity. */
    @Test
    void runsOnAnotherTasksSplits(@TempDir Path out) throws IOException {
        Path fpb =
                io.privtune.split.demo.PhraseBankTestData.slice(out.resolve("fpb"), 300); // 240 train / 60 evaluation
        // 200 asked, 240 - 64 fine-tuning sentences left: the attackers run short, and the report must say so
        AttackSettings tiny = new AttackSettings(200, 1, 1, 2, 0.3f, 60, 20, 32, 1, 0.1, 1, 16, 0, false, 0);
        ExperimentSettings s = new ExperimentSettings(
                "all-minilm-l6-v2",
                2,
                fpb,
                TrustpilotTestData.source(),
                out.resolve("grid"),
                64,
                1,
                16,
                1e-4f,
                32,
                16,
                0,
                tiny,
                List.of(CellSpec.parse("none"), CellSpec.parse("dchi:eta=5,mahalanobis=0.5")),
                1,
                "fpb");
        List<CellResult> cells;
        List<String> log;
        try (LogCapture capture = LogCapture.privtune()) {
            cells = new ExperimentRunner(CpuBackend.INSTANCE, Progress.SILENT).run(s, NoiseSettings.research(0));
            log = capture.messages();
        }
        ExperimentReport.write(s, cells, "test");
        for (CellResult c : cells) {
            double f1 = c.metric(ExperimentRunner.MACRO_F1);
            assertTrue(f1 >= 0 && f1 <= 1, c.id() + " macro-F1 " + f1);
            assertTrue(c.identity().endsWith("|task fpb"), c.identity());
            assertEquals(
                    60,
                    io.privtune.split.stats.Outcomes.decode(c.outcomes(CellResult.ACCURACY), "accuracy").length,
                    "evaluation rows");
        }
        assertTrue(
                log.stream().anyMatch(l -> l.contains("victim 60 dev sentences")),
                "the token attacks read the task's evaluation split: " + String.join("\n", log));
        assertTrue(cells.get(0).metric("knn.top1") > 0.8, "none leaves FPB tokens invertible");
        assertTrue(Double.isNaN(cells.get(0).metric("knn.top1.mahalanobis")), "isotropic: no whitened decoder");
        double whitened = cells.get(1).metric("knn.top1.mahalanobis"); // the shaped cell: the attacker whitens
        assertTrue(whitened >= 0 && whitened <= cells.get(1).metric("knn.top1"), "whitened " + whitened);
        String report = Files.readString(out.resolve("grid").resolve("report.md"));
        assertTrue(report.contains("Utility: fpb 20 % of"), report.substring(0, 800));
        assertEquals(176, cells.get(0).metric("attacker.texts"));
        assertTrue(
                report.contains("**The token attackers trained on 176 texts, not the 200 asked for**"),
                report.substring(0, 3000));
        assertTrue(
                Files.readString(out.resolve("grid").resolve("statistics.csv")).contains(",macro-f1,"));
    }

    /** Blog: attribute inference reads the task's own evaluation posts, with the authors' gender and age group. */
    @Test
    void blogsAttributeAttacksReadTheTasksOwnPosts(@TempDir Path out) throws IOException {
        Path blog = io.privtune.split.demo.BlogTestData.slice(
                out.resolve("blog"), List.of("Technology", "Arts", "Education", "Internet", "Communications-Media"), 2);
        io.privtune.split.task.TaskSplits splits =
                io.privtune.split.task.ClassificationTask.of("blog-topic").load(blog);
        AttackSettings tiny = new AttackSettings(100, 1, 1, 2, 0.3f, 80, 20, 32, 1, 0.1, 1, 16, 0, false, 0);
        ExperimentSettings s = new ExperimentSettings(
                "all-minilm-l6-v2",
                2,
                blog,
                TrustpilotTestData.source(),
                out.resolve("grid"),
                64,
                1,
                16,
                1e-4f,
                32,
                16,
                0,
                tiny,
                List.of(CellSpec.parse("none")),
                1,
                "blog-topic");
        List<CellResult> cells;
        List<String> log;
        try (LogCapture capture = LogCapture.privtune()) {
            cells = new ExperimentRunner(CpuBackend.INSTANCE, Progress.SILENT).run(s, NoiseSettings.research(0));
            log = capture.messages();
        }
        int victims = splits.evaluation().size();
        assertTrue(
                log.stream()
                        .anyMatch(l -> l.contains("Blog Authorship (the authors of the task's posts): victim " + victims
                                + " texts, attacker 80 texts")),
                String.join("\n", log));
        CellResult none = cells.get(0);
        for (String metric : List.of(
                "attribute-mlp.naive.gender", "attribute-mlp.naive.age", "attribute-bow.naive.age", "majority.age")) {
            double value = none.metric(metric);
            assertTrue(value >= 0 && value <= 1, metric + " = " + value);
        }
        long female = splits.attributes().evaluation().stream()
                .filter(t -> t.gender() == 0)
                .count();
        assertEquals(
                Math.max(female, victims - female) / (double) victims,
                none.metric("majority.gender"),
                1e-9,
                "the majority rate is the Blog evaluation posts' own");
        // the cloud links each blogger's posts: one guess per blogger, against the majority rate over bloggers
        java.util.Map<String, Integer> genderByBlogger = new java.util.HashMap<>();
        splits.attributes().evaluation().forEach(t -> genderByBlogger.put(t.author(), t.gender()));
        int bloggers = genderByBlogger.size();
        assertTrue(bloggers > 1 && bloggers < victims, bloggers + " bloggers, " + victims + " posts");
        assertEquals(bloggers, none.metric("attribute.devices"));
        int majorityGender = 2 * female >= victims ? 0 : 1; // the attacker's majority: the same, per the check above
        long ofMajority = genderByBlogger.values().stream()
                .filter(g -> g == majorityGender)
                .count();
        assertEquals((double) ofMajority / bloggers, none.metric("majority-device.gender"), 1e-9);
        for (String metric : List.of(
                "attribute-mlp-device.naive.gender",
                "attribute-mlp-device.adaptive.age",
                "attribute-bow-device.naive.gender",
                "attribute-bow-device.adaptive.age")) {
            double value = none.metric(metric);
            assertTrue(value >= 0 && value <= 1, metric + " = " + value);
            assertEquals(
                    0, Math.round(value * bloggers) - value * bloggers, 1e-9, metric + " is a share of the bloggers");
        }
        ExperimentReport.write(s, cells, "test");
        String report = Files.readString(out.resolve("grid").resolve("report.md"));
        assertTrue(report.contains("## Attribute inference (blog-topic the posts of 20 %"), report);
        assertTrue(report.contains("## Attribute inference per device (blog-topic the posts of 20 %"), report);
        assertTrue(report.contains("links the " + bloggers + " authors' uploads"), report);
    }
}
