package io.privtune.split.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.io.SafetensorsFile;
import io.privtune.split.demo.PhraseBankTestData;
import io.privtune.split.deploy.wire.OpenRequest;
import io.privtune.split.train.FineTuneSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code device train --task fpb}: the cloud builds a three-class head from the run settings and scores with it. */
class DeployedTaskTest {
    @TempDir
    Path dir;

    @Test
    void theCloudTrainsTheTasksHeadAndReturnsPredictionsForMacroF1() throws Exception {
        Path data = PhraseBankTestData.slice(dir.resolve("fpb"), 64);
        FineTuneSettings settings = DeploymentFixture.settings(data, 0).withTask("fpb", data);
        DeploymentFixture.Tap tap = new DeploymentFixture.Tap();
        DeviceTrainer.Result result;
        try (CloudServer cloud = DeploymentFixture.cloud(0, dir.resolve("cloud"), List.of(tap), 64 << 20)) {
            result = DeploymentFixture.train(
                    dir, settings, DeploymentFixture.connection(cloud.port(), dir.resolve("tls"), "fpb"));
        }
        OpenRequest open = tap.messages.stream()
                .filter(OpenRequest.class::isInstance)
                .map(OpenRequest.class::cast)
                .findFirst()
                .orElseThrow();
        assertEquals(3, open.getSettings().getClasses(), "the device sends the task's class count");
        assertTrue(result.steps() >= 3, "steps: " + result.steps());
        assertTrue(
                Double.isFinite(result.devMacroF1()) && result.devMacroF1() >= 0 && result.devMacroF1() <= 1,
                "the cloud returned each row's prediction: macro-F1 " + result.devMacroF1());
        try (SafetensorsFile top = SafetensorsFile.open(dir.resolve("cloud/fpb.safetensors"))) {
            assertEquals(
                    384 * 3, top.tensor("top.classifier.weight").toFloatArray().length, "a 3-class head of width 384");
        }
    }
}
