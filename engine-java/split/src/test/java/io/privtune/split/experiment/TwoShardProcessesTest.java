package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show: two shard processes on one folder complete every cell exactly once. Two real JVMs run
 * {@link ClaimRaceMain} (the real shard order and claim protocol, a made-up computation that logs each cell it
 * computes) on one results folder, released at the same moment; then one join reports every cell.
 */
class TwoShardProcessesTest {
    private static final int CELLS = 24;

    @Test
    void twoShardsCompleteEveryCellExactlyOnce(@TempDir Path dir) throws Exception {
        Map<String, List<String>> computed = race(dir, "0/2", "1/2");
        assertExactlyOnce(dir, computed);
        assertTrue(
                !computed.get("a").isEmpty() && !computed.get("b").isEmpty(),
                "both shards computed cells: " + computed);
        assertTrue(
                computed.get("a").contains("none") && computed.get("b").contains("dchi_eta-1"),
                "each began with its own first cell: " + computed);
    }

    @Test
    void twoProcessesRacingForTheSameCellsCompleteEachOnce(@TempDir Path dir) throws Exception {
        // both think they are the only process (shard 0 of 1): only the claims keep them apart
        assertExactlyOnce(dir, race(dir, "0/1", "0/1"));
    }

    /** Runs processes a and b as the two shards at once; returns the cells each logged as computed. */
    private static Map<String, List<String>> race(Path dir, String shardA, String shardB) throws Exception {
        Path out = dir.resolve("out");
        Path start = Files.createDirectories(dir.resolve("start"));
        Process a = start(dir, out, start, "a", shardA);
        Process b = start(dir, out, start, "b", shardB);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(start.resolve("a.ready")) && Files.exists(start.resolve("b.ready")))) {
            assertTrue(
                    System.nanoTime() < deadline && a.isAlive() && b.isAlive(), "both processes start: " + output(dir));
            Thread.sleep(5);
        }
        Files.createFile(start.resolve("go"));
        for (Process p : List.of(a, b)) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process finished: " + output(dir));
            assertEquals(0, p.exitValue(), output(dir));
        }
        Map<String, List<String>> computed = new TreeMap<>();
        for (String name : List.of("a", "b")) {
            Path log = dir.resolve(name + ".log");
            computed.put(name, Files.exists(log) ? Files.readAllLines(log) : List.of());
        }
        return computed;
    }

    private static Process start(Path dir, Path out, Path start, String name, String shard) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules",
                "jdk.incubator.vector",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                ClaimRaceMain.class.getName(),
                out.toString(),
                shard,
                Integer.toString(CELLS),
                dir.resolve(name + ".log").toString(),
                start.toString(),
                name));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .start();
    }

    private static void assertExactlyOnce(Path dir, Map<String, List<String>> computed) throws IOException {
        ExperimentSettings s = FakeGrid.settings(dir.resolve("out"), CELLS);
        Map<String, Integer> times = new TreeMap<>();
        computed.values().forEach(cells -> cells.forEach(id -> times.merge(id, 1, Integer::sum)));
        for (CellSpec cell : s.cells()) {
            assertEquals(
                    1,
                    times.getOrDefault(cell.id(), 0),
                    cell.id() + " computed exactly once: " + computed + "\n" + output(dir));
            assertTrue(Files.isRegularFile(ExperimentRunner.cellFile(s, cell)), cell.id() + " stored");
            assertTrue(Files.isRegularFile(CellClaims.file(s.out(), cell)), cell.id() + " claimed");
        }
        assertEquals(CELLS, times.size(), "nothing outside the grid: " + times);
        try (Stream<Path> files =
                Stream.concat(Files.list(s.out().resolve("cells")), Files.list(CellClaims.folder(s.out())))) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertEquals(
                    2 * CELLS,
                    names.size(),
                    "one result and one claim per cell, no claim without a result, no partial file: " + names);
        }
        assertEquals(List.of(), StoredCells.missing(s));

        List<CellResult> joined = StoredCells.join(s, false);
        ExperimentReport.write(s, joined, "test join");
        String report = Files.readString(s.out().resolve("report.md"));
        for (CellSpec cell : s.cells()) {
            assertTrue(report.contains("| " + cell.id() + " |"), "the joined report lists " + cell.id());
        }
        assertTrue(!report.contains("Partial report"), "a complete join is not marked partial");
    }

    private static String output(Path dir) {
        StringBuilder s = new StringBuilder();
        for (String name : List.of("a", "b")) {
            try {
                Path file = dir.resolve(name + ".out");
                s.append(name)
                        .append(": ")
                        .append(Files.exists(file) ? Files.readString(file) : "(no output)")
                        .append('\n');
            } catch (IOException e) {
                s.append(name).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return s.toString();
    }
}
