package io.privtune.core.io;

import io.privtune.core.mechanism.Perturbation;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.RandomSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        new SafetensorsWriter().addF32("embeddings", new float[] {1, Float.NaN, 3, 4}, 2, 2).write(file);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> EmbeddingSpaceFiles.load(file));
        assertTrue(e.getMessage().contains("nan.safetensors") && e.getMessage().contains("NaN"), e.getMessage());
        Path wrong = dir.resolve("wrong.safetensors");
        new SafetensorsWriter().addF32("embeddings", new float[4], 4).write(wrong);
        assertThrows(SafetensorsException.class, () -> EmbeddingSpaceFiles.load(wrong));
    }

    @Test
    void perturbedRepresentationsAreWrittenWithTheirPrivacy() {
        Perturbation p = new Perturbation(new float[] {1, 2, 3, 4, 5, 6}, new double[] {Double.POSITIVE_INFINITY, 40});
        Path file = dir.resolve("p.safetensors");
        PerturbationFiles.save(p, 3, "privtune", Map.of("eta", "40"), file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertArrayEquals(p.perturbed(), f.tensor("representations", DType.F32, 2, 3).toFloatArray());
            assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, 40f}, f.tensor("effective_eta").toFloatArray());
            assertEquals("privtune", f.metadata().get("mechanism"));
            assertEquals("40", f.metadata().get("param.eta"));
            assertEquals(2, f.tensors().size(), "no token ids in the audit file");
        }
    }
}
