package io.privtune.split.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.io.SafetensorsFile;
import io.privtune.split.train.FineTuneSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code device train --lora 8}: the cloud's session trains LoRA adapters and the head, its top frozen (issue 15). */
class DeployedLoraTest {
    @TempDir
    Path dir;

    @Test
    void theCloudTrainsAdaptersWhenTheDeviceAsksForThem() throws Exception {
        Path data = DeploymentFixture.data(dir.resolve("sst2"));
        FineTuneSettings full = DeploymentFixture.settings(data, 0);
        FineTuneSettings lora = new FineTuneSettings(
                full.model(),
                full.splitPoint(),
                full.mechanism(),
                full.mechanismParameters(),
                full.data(),
                full.epochs(),
                full.batchSize(),
                full.learningRate(),
                full.warmupRatio(),
                full.weightDecay(),
                full.dropout(),
                full.maxLength(),
                full.trainSubset(),
                full.k(),
                full.seed(),
                8,
                full.checkpointEvery(),
                full.maxSteps(),
                full.out(),
                false);
        try (CloudServer cloud = DeploymentFixture.cloud(0, dir.resolve("cloud"), List.of(), 64 << 20)) {
            DeploymentFixture.train(
                    dir, lora, DeploymentFixture.connection(cloud.port(), dir.resolve("tls"), "adapters"));
            DeploymentFixture.train(dir, full, DeploymentFixture.connection(cloud.port(), dir.resolve("tls"), "whole"));
        }
        try (SafetensorsFile adapters = SafetensorsFile.open(dir.resolve("cloud/adapters.safetensors"));
                SafetensorsFile whole = SafetensorsFile.open(dir.resolve("cloud/whole.safetensors"))) {
            String frozen = "top.encoder.layer.5.output.dense.weight";
            assertTrue(whole.tensors().containsKey(frozen), "the whole top is trained and saved without --lora");
            assertFalse(
                    adapters.tensors().containsKey(frozen),
                    "with --lora the top stays frozen: only adapters and head are state");
            List<String> loraB = adapters.tensors().keySet().stream()
                    .filter(n -> n.startsWith("top.") && n.contains("lora_b"))
                    .toList();
            assertTrue(loraB.size() == 8, "query and value adapters in each of the 4 top layers: " + loraB);
            boolean learned = false;
            for (String name : loraB) {
                for (float v : adapters.tensor(name).toFloatArray()) {
                    learned |= v != 0f; // B starts at zero: any non-zero entry was trained
                }
            }
            assertTrue(learned, "the cloud's optimiser moved the adapters");
            assertFalse(
                    whole.tensors().keySet().stream().anyMatch(n -> n.contains("lora")), "no adapters without --lora");
        }
    }
}
