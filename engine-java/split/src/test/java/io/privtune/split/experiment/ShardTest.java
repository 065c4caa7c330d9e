package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shard arithmetic, and where a process finds its shard: the flag, a Kubernetes Indexed Job, a Slurm array. */
class ShardTest {
    @Test
    void parsesIndexOverCount() {
        assertEquals(new Shard(2, 4), Shard.parse("2/4"));
        assertEquals("2/4", Shard.parse(" 2 / 4 ").toString());
        assertFalse(Shard.parse("0/1").sharded());
        for (String bad : List.of("4/4", "-1/4", "1", "1/0", "a/b", "1/2/3", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
            assertTrue(
                    e.getMessage().contains("expected INDEX/COUNT")
                            && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
        }
    }

    @Test
    void aShardTakesEveryCountthCellFirstThenTheOthersFromTheEnd() {
        List<CellSpec> cells = FakeGrid.settings(Path.of("out"), 7).cells(); // none, dchi 1..6: positions 0..6
        List<String> order =
                new Shard(1, 3).order(cells).stream().map(CellSpec::id).toList();
        assertEquals(
                List.of("dchi_eta-1", "dchi_eta-4", "dchi_eta-6", "dchi_eta-5", "dchi_eta-3", "dchi_eta-2", "none"),
                order);
        assertEquals(cells, Shard.WHOLE.order(cells));
        for (int count = 1; count <= 4; count++) {
            int owned = 0;
            for (int index = 0; index < count; index++) {
                List<CellSpec> own = new Shard(index, count).order(cells);
                assertEquals(7, own.size(), "every shard may reach every cell");
                owned += (int) java.util.stream.IntStream.range(0, 7)
                        .filter(new Shard(index, count)::owns)
                        .count();
            }
            assertEquals(7, owned, "each cell belongs to exactly one of " + count + " shards");
        }
    }

    @Test
    void theFlagWinsOverTheEnvironment() {
        assertEquals(
                new Shard(1, 3),
                Shard.resolve("1/3", null, Map.of("JOB_COMPLETION_INDEX", "2", "PRIVTUNE_SHARDS", "4")));
        assertEquals(Shard.WHOLE, Shard.resolve(null, null, Map.of()));
        IllegalArgumentException both =
                assertThrows(IllegalArgumentException.class, () -> Shard.resolve("1/3", 3, Map.of()));
        assertTrue(both.getMessage().contains("--shards"), both.getMessage());
        IllegalArgumentException noIndex =
                assertThrows(IllegalArgumentException.class, () -> Shard.resolve(null, 4, Map.of()));
        assertTrue(noIndex.getMessage().contains("needs an index"), noIndex.getMessage());
    }

    @Test
    void aKubernetesIndexedJobGivesTheIndexAndTheCountComesFromUs() {
        assertEquals(
                new Shard(2, 4),
                Shard.resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "2", "PRIVTUNE_SHARDS", "4")));
        assertEquals(
                new Shard(2, 5), Shard.resolve(null, 5, Map.of("JOB_COMPLETION_INDEX", "2", "PRIVTUNE_SHARDS", "4")));
        IllegalArgumentException noCount = assertThrows(
                IllegalArgumentException.class, () -> Shard.resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "2")));
        assertTrue(
                noCount.getMessage().contains("--shards N")
                        && noCount.getMessage().contains("PRIVTUNE_SHARDS"),
                noCount.getMessage());
        IllegalArgumentException beyond = assertThrows(
                IllegalArgumentException.class,
                () -> Shard.resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "4", "PRIVTUNE_SHARDS", "4")));
        assertTrue(
                beyond.getMessage().contains("JOB_COMPLETION_INDEX=4")
                        && beyond.getMessage().contains("PRIVTUNE_SHARDS"),
                beyond.getMessage());
        IllegalArgumentException notANumber = assertThrows(
                IllegalArgumentException.class,
                () -> Shard.resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "x", "PRIVTUNE_SHARDS", "4")));
        assertTrue(
                notANumber.getMessage().contains("JOB_COMPLETION_INDEX: expected an integer, found 'x'"),
                notANumber.getMessage());
    }

    @Test
    void aSlurmArrayCountsFromItsMinimumInSteps() {
        assertEquals(new Shard(0, 4), Shard.resolve(null, null, slurm("0", "0", "4", null)));
        assertEquals(new Shard(3, 4), Shard.resolve(null, null, slurm("3", "0", "4", null)));
        assertEquals(
                new Shard(1, 4),
                Shard.resolve(null, null, slurm("5", "4", "4", null)),
                "--array=4-7: task 5 is the second");
        assertEquals(
                new Shard(2, 3),
                Shard.resolve(null, null, slurm("8", "0", "3", "4")),
                "--array=0-8:4: task 8 is the third");
        assertEquals(
                new Shard(1, 2),
                Shard.resolve(null, 2, slurm("1", "0", "4", null)),
                "--shards overrides the array's count");
        IllegalArgumentException offStep = assertThrows(
                IllegalArgumentException.class, () -> Shard.resolve(null, null, slurm("5", "0", "3", "4")));
        assertTrue(offStep.getMessage().contains("SLURM_ARRAY_TASK_ID=5"), offStep.getMessage());
        IllegalArgumentException list = assertThrows(
                IllegalArgumentException.class, () -> Shard.resolve(null, null, slurm("9", "1", "3", null)));
        assertTrue(
                list.getMessage().contains("not below the shard count 3 (SLURM_ARRAY_TASK_COUNT)"), list.getMessage());
    }

    private static Map<String, String> slurm(String id, String min, String count, String step) {
        Map<String, String> env = new java.util.HashMap<>(
                Map.of("SLURM_ARRAY_TASK_ID", id, "SLURM_ARRAY_TASK_MIN", min, "SLURM_ARRAY_TASK_COUNT", count));
        if (step != null) {
            env.put("SLURM_ARRAY_TASK_STEP", step);
        }
        return env;
    }
}
