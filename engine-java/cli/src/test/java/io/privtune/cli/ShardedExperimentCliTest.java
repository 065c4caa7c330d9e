package io.privtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.split.demo.Sst2TestData;
import io.privtune.split.demo.TrustpilotTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real (tiny) experiment through the command line as a scale-out run: a one-cell grid file, two
 * {@code ./privtune experiment --shard} processes on one --out folder at once, then the {@code --report-only} join.
 * The cell is fine-tuned and attacked once; the other shard finds it claimed or stored and ends.
 */
class ShardedExperimentCliTest {
    @Test
    void twoShardProcessesAndAJoinRunARealGridOnce(@TempDir Path dir) throws Exception {
        Path grid = Files.writeString(
                dir.resolve("grid.yaml"), """
                model: all-minilm-l6-v2
                split: 2
                data: {sst2: '%s', trustpilot: '%s'}
                budget: {train-subset: 64, epochs: 1, batch-size: 16, max-length: 32, seed: 0}
                attacks: {attacker-sentences: 150, inversion-epochs: 1, optimisation-sentences: 2, optimisation-steps: 3,
                          attribute-texts: 120, keywords: 30}
                sweep: {mechanisms: [], ablations: []}
                """.formatted(Sst2TestData.source(), TrustpilotTestData.source()));
        Path out = dir.resolve("out");
        List<String> join = List.of("experiment", "--grid", grid.toString(), "--out", out.toString(), "--report-only");

        String[] early = PrivTuneCliTest.run(join.toArray(String[]::new));
        assertTrue(
                early[0].equals("2")
                        && early[2].contains("1 of 1 cells have no result")
                        && early[2].contains("none (not claimed)"),
                early[2]);

        Process a = shard(dir, grid, out, "0/2");
        Process b = shard(dir, grid, out, "1/2");
        for (Process p : List.of(a, b)) {
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "a shard finished");
        }
        String outputA = Files.readString(dir.resolve("0.log"));
        String outputB = Files.readString(dir.resolve("1.log"));
        assertEquals(0, a.exitValue(), outputA);
        assertEquals(0, b.exitValue(), outputB);
        int computed = (outputA.contains("computed 1 cell(s) [none]") ? 1 : 0)
                + (outputB.contains("computed 1 cell(s) [none]") ? 1 : 0);
        assertEquals(1, computed, "the one cell computed by exactly one shard:\n" + outputA + "\n" + outputB);
        assertTrue(
                outputA.contains("A shard writes no report") && !Files.exists(out.resolve("report.md")),
                "shards leave the report to the join");

        String[] joined = PrivTuneCliTest.run(join.toArray(String[]::new));
        assertEquals("0", joined[0], joined[2]);
        assertTrue(Files.readString(out.resolve("report.md")).contains("| none |"));
        assertEquals(2, Files.readAllLines(out.resolve("results.csv")).size(), "header + the one cell");
        assertTrue(Files.isRegularFile(out.resolve("claims/none.claim")));
    }

    private static Process shard(Path dir, Path grid, Path out, String shard) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules",
                "jdk.incubator.vector",
                "--sun-misc-unsafe-memory-access=allow",
                "-Xmx3g",
                "-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + ai.djl.util.Utils.getCacheDir(),
                "-cp",
                System.getProperty("java.class.path"),
                PrivTuneCli.class.getName(),
                "experiment",
                "--grid",
                grid.toString(),
                "--out",
                out.toString(),
                "--shard",
                shard,
                "--backend",
                "cpu",
                "--noise-seed",
                "0"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(shard.charAt(0) + ".log").toFile())
                .start();
    }
}
