package io.privtune.split.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.backend.CpuBackend;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFineTunerTest {
    @TempDir
    Path dir;

    private FineTuneSettings settings(
            Path data, Path out, String mechanism, Map<String, String> parameters, int maxSteps, boolean resume) {
        // 96 sentences, batch 16: 6 steps per epoch, 2 epochs; checkpoints every 2 steps
        return new FineTuneSettings(
                "all-minilm-l6-v2",
                2,
                mechanism,
                parameters,
                data,
                2,
                16,
                1e-4f,
                0.1f,
                0.01f,
                0.1f,
                32,
                0,
                16,
                7,
                0,
                2,
                maxSteps,
                out,
                resume);
    }

    @Test
    void interruptedAndResumedRunEqualsAnUninterruptedOne() throws IOException {
        Path data = io.privtune.split.demo.Sst2TestData.copy(dir.resolve("sst2"), 96, 48);
        PrivateFineTuner tuner = new PrivateFineTuner(CpuBackend.INSTANCE, Progress.SILENT);
        NoiseSettings key =
                NoiseSettings.secret(dir.resolve("device/noise.key")); // one secret key for both runs, so they compare
        FineTuneSummary whole =
                tuner.run(settings(data, dir.resolve("whole"), "dchi", Map.of("eta", "100"), 0, false), key);
        assertEquals(12, whole.steps());

        FineTuneSummary first =
                tuner.run(settings(data, dir.resolve("split"), "dchi", Map.of("eta", "100"), 5, false), key);
        assertEquals(5, first.steps(), "stopped mid-epoch");
        IllegalArgumentException lostKey = assertThrows(
                IllegalArgumentException.class,
                () -> tuner.run(
                        settings(data, dir.resolve("split"), "dchi", Map.of("eta", "100"), 0, true),
                        NoiseSettings.secret(dir.resolve("lost/noise.key"))));
        assertTrue(
                lostKey.getMessage().contains("does not exist"),
                "a resume never draws a new key: " + lostKey.getMessage());
        NoiseSettings other = NoiseSettings.secret(dir.resolve("other/noise.key"));
        other.key(); // another run's key file
        IllegalArgumentException otherKey = assertThrows(
                IllegalArgumentException.class,
                () -> tuner.run(settings(data, dir.resolve("split"), "dchi", Map.of("eta", "100"), 0, true), other));
        assertTrue(otherKey.getMessage().contains("other noise"), otherKey.getMessage());
        FineTuneSummary rest =
                tuner.run(settings(data, dir.resolve("split"), "dchi", Map.of("eta", "100"), 0, true), key);
        assertEquals(5, rest.resumedFromStep());
        assertEquals(12, rest.steps());
        assertEquals(whole.devAccuracy(), rest.devAccuracy(), 0.0);
        try (SafetensorsFile a = SafetensorsFile.open(dir.resolve("whole/checkpoint.safetensors"));
                SafetensorsFile b = SafetensorsFile.open(dir.resolve("split/checkpoint.safetensors"))) {
            for (String name : List.of(
                    "top.classifier.weight", "top.encoder.layer.5.output.dense.weight", "adam.v.classifier.weight")) {
                assertArrayEquals(a.tensor(name).toFloatArray(), b.tensor(name).toFloatArray(), 1e-6f, name);
            }
        }
        assertTrue(Files.size(dir.resolve("whole/summary.json")) > 100);
        assertTrue(whole.privacyStatement().contains("eta = 100"));
        assertEquals(100.0, whole.medianEffectiveEta(), 1e-9);
        assertEquals(100.0, whole.medianRunEta(), 1e-9, "the same noise in both epochs: one release, no composition");
        assertTrue(whole.noise().contains("secret key") && !whole.noise().contains("research"), whole.noise());
    }

    @Test
    void privtuneTrainsThroughTheMechanismAndACheckpointOfAnotherRunIsRefused() throws IOException {
        Path data = io.privtune.split.demo.Sst2TestData.copy(dir.resolve("sst2"), 32, 16);
        PrivateFineTuner tuner = new PrivateFineTuner(CpuBackend.INSTANCE, Progress.SILENT);
        Path out = dir.resolve("pt");
        FineTuneSummary summary =
                tuner.run(settings(data, out, "privtune", Map.of("eta", "100"), 0, false), NoiseSettings.research(1));
        assertEquals(4, summary.steps());
        assertTrue(summary.devAccuracy() >= 0 && summary.devAccuracy() <= 1);
        assertTrue(summary.medianEffectiveEta() >= 100, "attention importance scales eta_i = eta / s_i >= eta");
        IllegalArgumentException other = assertThrows(
                IllegalArgumentException.class,
                () -> tuner.run(
                        settings(data, out, "privtune", Map.of("eta", "50"), 0, true), NoiseSettings.research(1)));
        assertTrue(other.getMessage().contains("different run"), other.getMessage());
    }
}
