package io.privtune.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.RandomSpaces;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeFilesTest {
    @TempDir
    Path dir;

    @Test
    void dictionaryRoundTrips() {
        EmbeddingSpace space = RandomSpaces.space(50, 7, 1);
        Path file = dir.resolve("dict.safetensors");
        EmbeddingSpaceFiles.save(space, file, Map.of("m", "0"));
        EmbeddingSpace loaded = EmbeddingSpaceFiles.load(file);
        assertArrayEquals(space.toArray(), loaded.toArray());
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals("0", f.metadata().get("m"));
        }
    }

    @Test
    void dictionaryWithNaNIsRefusedNamingTheFile() {
        Path file = dir.resolve("nan.safetensors");
        new SafetensorsWriter()
                .addF32("embeddings", new float[] {1, Float.NaN, 3, 4}, 2, 2)
                .write(file);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> EmbeddingSpaceFiles.load(file));
        assertTrue(e.getMessage().contains("nan.safetensors") && e.getMessage().contains("NaN"), e.getMessage());
        Path wrong = dir.resolve("wrong.safetensors");
        new SafetensorsWriter().addF32("embeddings", new float[4], 4).write(wrong);
        assertThrows(SafetensorsException.class, () -> EmbeddingSpaceFiles.load(wrong));
    }
}
