package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.random.NoiseKey;
import io.privtune.split.stats.Estimate;
import io.privtune.split.train.NoiseSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several seeds per cell: one stored run each (cells/ID_seed-K.json), joined into means and intervals. */
class SeedsTest {
    @Test
    void eachSeedIsARunOfItsOwnForTheQueueTheShardsAndTheJoin(@TempDir Path out) {
        ExperimentSettings s = FakeGrid.settings(out, 3, 3);
        assertEquals(9, s.runs().size());
        assertEquals(
                List.of("none_seed-0", "none_seed-1", "none_seed-2", "dchi_eta-1_seed-0"),
                s.runs().subList(0, 4).stream().map(CellSpec::id).toList());
        assertEquals(2, s.replicateOf(s.runs().get(2)));
        // two shards of one folder, taking turns: every run computed once, under its own file name
        List<String> computed = new ArrayList<>();
        try (CellQueue a = CellQueue.open(s, new Shard(0, 2), false);
                CellQueue b = CellQueue.open(s, new Shard(1, 2), false)) {
            boolean more = true;
            while (more) {
                more = false;
                for (CellQueue q : List.of(a, b)) {
                    CellSpec run = q.next();
                    if (run != null) {
                        FakeGrid.store(s, run);
                        computed.add(run.id());
                        more = true;
                    }
                }
            }
        }
        assertEquals(9, computed.size());
        assertEquals(9, computed.stream().distinct().count(), "no run twice: " + computed);
        assertTrue(Files.isRegularFile(out.resolve("cells/dchi_eta-2_seed-1.json")));
        assertFalse(Files.exists(out.resolve("cells/dchi_eta-2.json")), "one-seed names only with one seed");

        List<CellResult> joined = StoredCells.join(s, false);
        assertEquals(9, joined.size());
        List<CellStatistics> statistics = CellStatistics.of(joined);
        assertEquals(
                List.of("none", "dchi_eta-1", "dchi_eta-2"),
                statistics.stream().map(CellStatistics::cell).toList());
        CellStatistics dchi = statistics.get(2);
        assertEquals(3, dchi.seeds());
        double mean = joined.stream()
                .filter(r -> r.cellId().equals("dchi_eta-2"))
                .mapToDouble(CellResult::accuracy)
                .average()
                .orElseThrow();
        assertEquals(mean, dchi.accuracy().mean(), 1e-12);
        assertFalse(dchi.accuracy().hasInterval(), "FakeGrid.store keeps no outcomes: a mean, no interval");

        // a resumed run computes nothing; a missing run is named as such
        try (CellQueue again = CellQueue.open(s, Shard.WHOLE, false)) {
            assertEquals(null, again.next());
        }
        try {
            Files.delete(out.resolve("cells/dchi_eta-1_seed-2.json"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        String message = assertThrows(IllegalArgumentException.class, () -> StoredCells.join(s, false))
                .getMessage();
        assertTrue(message.startsWith("1 of 9 runs have no result") && message.contains("dchi_eta-1_seed-2"), message);
    }

    @Test
    void aRunsNoiseKeyIsItsReplicateOfTheExperimentsKey(@TempDir Path dir) {
        NoiseSettings research = NoiseSettings.research(5);
        assertEquals(research.key(), research.withReplicate(0).key(), "the base seed's run is the one-seed run");
        assertEquals(
                NoiseKey.researchSeed(5).replicate(2), research.withReplicate(2).key());
        assertTrue(research.withReplicate(2).describe(1).contains("replicate 2"));
        NoiseSettings research2 = research.withReplicate(2);
        assertTrue(
                research2.identity(research2.key()).contains("replicate 2"), "a replicate's checkpoints are its own");
        NoiseSettings secret = NoiseSettings.secret(dir.resolve("noise.key"));
        NoiseKey key = secret.key();
        assertEquals(key.replicate(1), secret.withReplicate(1).key());
        assertEquals(key.replicate(1), secret.withReplicate(1).existingKey());
        assertFalse(key.equals(secret.withReplicate(1).key()));
    }

    @Test
    void cellsStoredBeforeOutcomesAndSeedsStayReadable(@TempDir Path out) throws IOException {
        ExperimentSettings s = FakeGrid.settings(out, 2);
        Files.createDirectories(out.resolve("cells"));
        // the layout of a cell stored before this change: no "cell", no "outcomes"
        Files.writeString(out.resolve("cells/none.json"), """
                {"id": "none", "mechanism": "none", "overrides": {}, "parameters": {}, "seed": 0,
                 "accuracy": 0.81, "medianEffectiveEta": "NaN", "privacyStatement": "none", "fineTuneSeconds": 1,
                 "attackSeconds": 1, "metrics": {"knn.top1": 0.97}, "identity": "%s", "noise": null}
                """.formatted(s.identity()));
        FakeGrid.store(s, s.cells().get(1));
        List<CellResult> joined = StoredCells.join(s, false);
        assertEquals("none", joined.get(0).cellId());
        assertEquals(null, joined.get(0).outcomes(CellResult.ACCURACY));
        Estimate accuracy = CellStatistics.of(joined).get(0).accuracy();
        assertEquals(0.81, accuracy.mean(), 1e-12);
        assertFalse(accuracy.hasInterval());
        ExperimentReport.write(s, joined, "test old cells");
        List<CSVRecord> rows = csv(out.resolve("statistics.csv"));
        CSVRecord knn = row(rows, "none", "knn.top1");
        assertEquals(0.97, Double.parseDouble(knn.get("mean")), 1e-9);
        assertEquals("", knn.get("lo"));
        assertEquals("", knn.get("n"), "no outcomes: no count of examples");
    }

    @Test
    void theAttackersSentencesAvoidEverySeedsTrainingSample(@TempDir Path out) {
        List<io.privtune.split.data.LabelledText> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(new io.privtune.split.data.LabelledText("sentence " + i, i % 2));
        }
        ExperimentSettings three = FakeGrid.settings(out, 1, 3);
        assertTrue(three.trainSubset() > 0 && three.trainSubset() < rows.size());
        var base = io.privtune.split.train.PrivateFineTuner.sample(rows, three.trainSubset(), three.seed());
        var excluded = new java.util.HashSet<>(ExperimentRunner.everySeedsTraining(three, rows, base));
        for (long seed = three.seed(); seed < three.seed() + 3; seed++) {
            var sample = io.privtune.split.train.PrivateFineTuner.sample(rows, three.trainSubset(), seed);
            assertTrue(excluded.containsAll(sample), "seed " + seed + "'s training text is kept from the attacker");
        }
        assertTrue(excluded.size() > base.size(), "other seeds draw other sentences");
        ExperimentSettings one = FakeGrid.settings(out, 1, 1);
        assertEquals(base, ExperimentRunner.everySeedsTraining(one, rows, base), "one seed: as before");
    }

    @Test
    void aSeedRunAloneGetsTheNoiseReplicateItGetsInAGrid(@TempDir Path out) {
        ExperimentSettings grid = FakeGrid.settings(out, 2, 3); // none and dchi, seeds 0, 1, 2
        ExperimentSettings alone = FakeGrid.seeds(grid, 1, 1);
        CellSpec inGrid = grid.runs().get(4); // dchi, seed 1
        CellSpec lone = alone.runs().get(1); // dchi, seed 1 alone
        assertEquals(1, grid.seedOf(inGrid));
        assertEquals(1, alone.seedOf(lone));
        assertEquals(grid.replicateOf(inGrid), alone.replicateOf(lone), "seed 1's uploads, not seed 0's again");
        assertEquals(1, alone.replicateOf(lone));
        assertEquals(
                List.of(0, 1, 2, 0, 1, 2),
                grid.runs().stream().map(grid::replicateOf).toList());
        var negative = assertThrows(IllegalArgumentException.class, () -> FakeGrid.seeds(grid, -1, 1));
        assertTrue(negative.getMessage().contains("--seed -1"), negative.getMessage());
        var past = assertThrows(IllegalArgumentException.class, () -> FakeGrid.seeds(grid, Integer.MAX_VALUE, 2));
        assertTrue(past.getMessage().contains("--seeds 2"), past.getMessage());
        ExperimentSettings last = FakeGrid.seeds(grid, Integer.MAX_VALUE, 1);
        assertEquals(Integer.MAX_VALUE, last.replicateOf(last.runs().get(1)));
    }

    @Test
    void aCellWithOneFinishedSeedIsReportedUnderTheCellsId(@TempDir Path out) {
        ExperimentSettings s = FakeGrid.settings(out, List.of(CellSpec.parse("none")), 3);
        CellSpec lone = s.runs().get(1); // seed 1 finished, seeds 0 and 2 not yet (a --partial report)
        CellResult run = FakeGrid.withOutcomes(s, lone, 0.8, Map.of("knn.top1", 0.9), Map.of());
        assertEquals("none_seed-1", run.id());
        List<CellStatistics> statistics = CellStatistics.of(List.of(run));
        CellResult mean = statistics.get(0).mean();
        assertEquals("none", mean.id(), "tables and plots look cells up by the grid cell's id");
        assertEquals(run.accuracy(), mean.accuracy(), 0.0);
        assertTrue(CellStatistics.byCell(statistics).containsKey(mean.id()));
    }

    @Test
    void theReportGivesEveryMetricAMeanAndIntervalAndSaysWhereIntervalsOverlap(@TempDir Path out) throws IOException {
        List<CellSpec> grid = List.of(
                CellSpec.parse("none"),
                CellSpec.parse("privtune:eta=100"),
                CellSpec.parse("dchi:eta=10"),
                CellSpec.parse("dchi:eta=100"));
        ExperimentSettings s = FakeGrid.settings(out, grid, 3);
        // privtune loses a point against none (not separable at 400 sentences); dchi at matched ASR loses 25
        Map<String, double[]> cells = Map.of(
                "none", new double[] {0.85, 0.95},
                "privtune_eta-100", new double[] {0.84, 0.05},
                "dchi_eta-10", new double[] {0.55, 0.0},
                "dchi_eta-100", new double[] {0.86, 0.95});
        Map<String, Double> byRun = new HashMap<>();
        for (CellSpec run : s.runs()) {
            double[] c = cells.get(run.base().id());
            CellResult r = FakeGrid.withOutcomes(
                    s,
                    run,
                    c[0],
                    Map.of("knn.top1", c[1], "contextual.window.top1", c[1] / 2),
                    Map.of("keyword-mlc.naive.f1", 0.4, "inversion.naive.kept-epoch", 3.0));
            byRun.put(run.id(), r.accuracy());
        }
        List<CellResult> joined = StoredCells.join(s, false);
        ExperimentReport.write(s, joined, "test seeds");

        List<CSVRecord> rows = csv(out.resolve("statistics.csv"));
        CSVRecord accuracy = row(rows, "privtune_eta-100", "accuracy");
        double mean = (byRun.get("privtune_eta-100_seed-0")
                        + byRun.get("privtune_eta-100_seed-1")
                        + byRun.get("privtune_eta-100_seed-2"))
                / 3;
        assertEquals(mean, Double.parseDouble(accuracy.get("mean")), 1e-6);
        double lo = Double.parseDouble(accuracy.get("lo"));
        double hi = Double.parseDouble(accuracy.get("hi"));
        assertTrue(lo < mean && mean < hi && hi - lo > 0.02 && hi - lo < 0.12, lo + " " + mean + " " + hi);
        assertEquals("1200", accuracy.get("n"));
        assertEquals("3", accuracy.get("seeds"));
        // a metric this code has never heard of gets its interval from its outcomes; bookkeeping gets nothing
        assertFalse(row(rows, "none", "contextual.window.top1").get("lo").isEmpty());
        assertTrue(row(rows, "none", "keyword-mlc.naive.f1").get("lo").isEmpty(), "no outcomes: a mean alone");
        assertTrue(rows.stream().noneMatch(r -> r.get("metric").endsWith(".kept-epoch")));

        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("## Means and 95 % bootstrap intervals"), report);
        assertTrue(report.contains("| knn.top1 |"), report);
        String headline = report.substring(report.indexOf("## Headline"), report.indexOf("## Means"));
        // the marginal intervals overlap; the paired drop is the test the headline leans on
        assertTrue(
                headline.contains("`privtune_eta-100`")
                        && headline.contains(
                                "(overlapping, a weak test of a difference: the paired drop that follows is the sharper one)")
                        && headline.contains("Paired by seed and example (seeds 0, 1, 2), the drop is ")
                        && headline.contains("over the 3 seeds (Student t, 2 df, from the per-seed drops "),
                headline);
        String drops = report.substring(report.indexOf("## Drop in accuracy against none, paired"));
        assertTrue(drops.contains("| privtune_eta-100 | ") && drops.contains("| dchi_eta-10 | "), drops);
        assertTrue(headline.contains("the whole interval within the target"), headline);
        // knn is these cells' only token attack, so it is their strongest: the goal line gives its interval too
        String goal = headline.lines()
                .filter(l -> l.startsWith("- Against the strongest attacker"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(headline));
        assertTrue(
                goal.contains("**Met**")
                        && goal.contains("`privtune_eta-100`")
                        && goal.matches(
                                ".*Strongest attacker's ASR [0-9.]+% \\[.*\\], the whole interval within the target\\.$"),
                goal);
        assertTrue(headline.contains("separably above at 1"), headline);
        // the tables show one row per grid cell: its means
        assertTrue(report.contains("| privtune_eta-100 |") && !report.contains("| privtune_eta-100_seed-1 |"), report);
        assertEquals(12, csv(out.resolve("results.csv")).size(), "12 runs, one row each");
        assertTrue(Files.size(out.resolve("frontier-knn.png")) > 0);
        String json = Files.readString(out.resolve("results.json"));
        assertTrue(
                json.contains("\"outcomes\" : null") && !json.contains("\"knn.top1\" : \"0"),
                "outcomes stay in cells/");
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(r)
                    .getRecords();
        }
    }

    private static CSVRecord row(List<CSVRecord> rows, String cell, String metric) {
        return rows.stream()
                .filter(r -> r.get("cell").equals(cell) && r.get("metric").equals(metric))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + cell + " / " + metric));
    }
}
