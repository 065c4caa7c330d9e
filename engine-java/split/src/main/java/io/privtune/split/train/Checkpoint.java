package io.privtune.split.train;

import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.SafetensorsWriter;
import io.privtune.split.model.TopModel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cloud's training state in one safetensors file: top-model weights, AdamW moments, and where the
 * run stands (epoch, next batch, step; the token cursor is kept for old files, noise is addressed per example
 * now). Written atomically.
 */
public final class Checkpoint {
    public record Position(int epoch, int nextBatch, long tokenCursor, long step) {}

    private Checkpoint() {}

    public static void save(Path file, String identity, TopModel top, AdamW optimizer, Position position) {
        SafetensorsWriter writer = new SafetensorsWriter()
                .metadata("kind", "privtune.finetune-checkpoint")
                .metadata("identity", identity)
                .metadata("epoch", Integer.toString(position.epoch()))
                .metadata("next_batch", Integer.toString(position.nextBatch()))
                .metadata("token_cursor", Long.toString(position.tokenCursor()))
                .metadata("step", Long.toString(position.step()));
        top.save(writer);
        optimizer.save(writer);
        writer.write(file);
    }

    /** The identity a checkpoint was saved with, or null when there is none at {@code file}. */
    public static String identity(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            return st.metadata().get("identity");
        }
    }

    /** Restores {@code top} and {@code optimizer} from {@code file}; refuses a checkpoint of another run. */
    public static Position load(Path file, String identity, TopModel top, AdamW optimizer) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            String found = st.metadata().get("identity");
            if (!identity.equals(found)) {
                throw new IllegalArgumentException(
                        file + ": checkpoint of a different run (settings differ); use another --out "
                                + "or drop --resume.\n  checkpoint: " + found + "\n  this run:   " + identity);
            }
            top.load(st);
            optimizer.load(st);
            return new Position(
                    Integer.parseInt(st.metadata().get("epoch")),
                    Integer.parseInt(st.metadata().get("next_batch")),
                    Long.parseLong(st.metadata().get("token_cursor")),
                    Long.parseLong(st.metadata().get("step")));
        }
    }
}
