package io.privtune.split.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process of {@link TwoShardProcessesTest}: waits at a start line so that its rival starts at the same
 * moment, then computes its shard's cells through the real {@link CellQueue} and claims, where computing is
 * appending the cell's id to its own log and storing a made-up result.
 * <p>
 * Arguments: OUT SHARD CELLS LOG START_FOLDER NAME
 */
public final class ClaimRaceMain {
    private ClaimRaceMain() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Shard shard = Shard.parse(args[1]);
        ExperimentSettings s = FakeGrid.settings(out, Integer.parseInt(args[2]));
        Path log = Path.of(args[3]);
        Path start = Path.of(args[4]);
        Files.createFile(start.resolve(args[5] + ".ready"));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(start.resolve("go"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no start signal in 60 s");
            }
            Thread.sleep(2);
        }
        try (CellQueue queue = CellQueue.open(s, shard, false)) {
            for (CellSpec cell = queue.next(); cell != null; cell = queue.next()) {
                Files.writeString(log, cell.id() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Thread.sleep(30); // long enough for the rival to reach the same cell if nothing stopped it
                FakeGrid.store(s, cell);
            }
            System.out.println(queue.summary());
        }
    }
}
