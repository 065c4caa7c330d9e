package io.privtune.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.backend.CpuBackend;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.mechanism.Perturbation;
import io.privtune.core.model.BundledModel;
import io.privtune.core.model.EmbeddingLayer;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.core.testing.LogCapture;
import io.privtune.split.demo.Sst2TestData;
import io.privtune.split.train.FineTuneSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples run as a Java team would run them, on the real model and a slice of the real SST-2. */
class ExamplesTest {
    private static final int DIM = 384;
    private static EmbeddingLayer bottom;
    private static EmbeddingSpace dictionary;
    private static KnnGraph graph;

    @TempDir
    static Path shared;

    @BeforeAll
    static void buildTheGraphOnce() {
        bottom = EmbeddingLayer.load(BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape());
        dictionary = bottom.dictionary();
        graph = BuildGraph.build(dictionary, CpuBackend.INSTANCE, shared.resolve("graph.safetensors"));
    }

    @Test
    void graphExampleSavesAndReloadsTheExactGraph() {
        assertEquals(dictionary.rows(), graph.vertices());
        assertEquals(16, graph.k());
        for (int v : new int[] {1000, 7592, 20000}) {
            assertNotEquals(v, graph.neighbour(v, 0), "a token is not its own neighbour");
            for (int r = 1; r < graph.k(); r++) {
                assertTrue(graph.similarity(v, r - 1) >= graph.similarity(v, r), "row " + v + " sorted by similarity");
            }
            assertEquals(
                    cosine(dictionary.row(v), dictionary.row(graph.neighbour(v, 0))),
                    graph.similarity(v, 0),
                    1e-4,
                    "the stored similarity is the rows' cosine");
        }
    }

    @Test
    void perturbExampleMovesEveryRealTokenAndKeepsTheSpecialOnes() {
        int[] ids = {101, 7592, 2088, 102};
        float[] clean = bottom.forward(ids);
        NoiseKey key = NoiseKey.researchSeed(5);
        Perturbation upload = PerturbBatch.perturb(bottom, dictionary, graph, key, ids);
        float[] sent = upload.perturbed();
        assertArrayEquals(Arrays.copyOfRange(clean, 0, DIM), Arrays.copyOfRange(sent, 0, DIM), "[CLS] untouched");
        assertArrayEquals(
                Arrays.copyOfRange(clean, 3 * DIM, 4 * DIM),
                Arrays.copyOfRange(sent, 3 * DIM, 4 * DIM),
                "[SEP] untouched");
        for (int row = 1; row <= 2; row++) {
            float[] h = Arrays.copyOfRange(clean, row * DIM, (row + 1) * DIM);
            float[] tilde = Arrays.copyOfRange(sent, row * DIM, (row + 1) * DIM);
            assertTrue(cosine(h, tilde) < 0.99, "token " + row + " moved: cos " + cosine(h, tilde));
            assertEquals(100.0, upload.effectiveEta()[row], 1e-9, "importance 0: s = 1, eta_i = eta");
        }
        assertArrayEquals(
                sent, PerturbBatch.perturb(bottom, dictionary, graph, key, ids).perturbed(), "one text, one upload");
        assertFalse(
                Arrays.equals(
                        sent,
                        PerturbBatch.perturb(bottom, dictionary, graph, NoiseKey.researchSeed(6), ids)
                                .perturbed()),
                "another key, other noise");
    }

    @Test
    void fineTuningExampleTrainsAndTheApplicationsLoggerReceivesTheLibrarysRecords(@TempDir Path dir)
            throws IOException {
        Path data = Sst2TestData.copy(dir.resolve("sst2"), 32, 16);
        FineTuneSummary summary;
        List<String> records;
        try (LogCapture log = LogCapture.privtune()) {
            summary = SplitFineTuning.run(data, dir.resolve("out"), 32);
            records = log.messages();
        }
        assertEquals(2, summary.steps(), "32 sentences, batch 16, one epoch");
        assertTrue(summary.devAccuracy() >= 0 && summary.devAccuracy() <= 1);
        assertTrue(summary.privacyStatement().contains("eta = 100"), summary.privacyStatement());
        assertTrue(Files.size(dir.resolve("out/summary.json")) > 100);
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out/noise.key"))));
        // this module is an application with its own binding (Logback): the library's records reach it
        assertTrue(records.stream().anyMatch(r -> r.startsWith("model all-minilm-l6-v2")), records.toString());
        assertTrue(records.stream().anyMatch(r -> r.startsWith("dev accuracy")), records.toString());
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
