package io.privtune.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.model.BundledModel;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.MiniLm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheRealMiniLmWeights() {
        Path onnx = BundledModel.ALL_MINILM_L6_V2.onnxFile();
        try (OnnxModelFile model = OnnxModelFile.open(onnx)) {
            OnnxTensor words = model.floatTensor("embeddings.word_embeddings.weight", 30522, 384);
            assertEquals(30522L * 384 * 4, words.data().byteSize());
            assertArrayEquals(
                    new long[] {384},
                    model.floatTensor("embeddings.LayerNorm.weight").dims());
            assertFalse(model.nodes().isEmpty());
            // the anonymous MatMul weights are there, stored [in, out]
            assertTrue(model.initializers().values().stream()
                    .anyMatch(t ->
                            t.name().startsWith("onnx::MatMul") && Arrays.equals(t.dims(), new long[] {384, 1536})));
        }
        EmbeddingSpace space = MiniLm.wordEmbeddings();
        assertEquals(30522, space.rows());
        double norm = 0;
        for (float v : space.row(2023)) { // "the"
            norm += v * v;
        }
        assertTrue(norm > 0.1 && norm < 100, "plausible embedding norm: " + norm);
    }

    @Test
    void truncatedModelIsRefusedClearly() throws IOException {
        Path cut = dir.resolve("cut.onnx");
        try (var in = Files.newInputStream(BundledModel.ALL_MINILM_L6_V2.onnxFile())) {
            Files.write(cut, in.readNBytes(1_000_000));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxModelFile.open(cut));
        assertTrue(e.getMessage().contains("cut.onnx"), e.getMessage());
    }

    @Test
    void missingInitializerAndWrongShapeAreNamed() {
        try (OnnxModelFile model = OnnxModelFile.open(BundledModel.ALL_MINILM_L6_V2.onnxFile())) {
            IllegalArgumentException missing =
                    assertThrows(IllegalArgumentException.class, () -> model.floatTensor("no.such.weight"));
            assertTrue(missing.getMessage().contains("no.such.weight"), missing.getMessage());
            IllegalArgumentException shape = assertThrows(
                    IllegalArgumentException.class,
                    () -> model.floatTensor("embeddings.word_embeddings.weight", 30522, 768));
            assertTrue(shape.getMessage().contains("[30522, 384]"), shape.getMessage());
        }
    }
}
