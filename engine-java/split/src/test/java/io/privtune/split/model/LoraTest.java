package io.privtune.split.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.privtune.split.train.AdamW;
import io.privtune.split.train.CloudSide;
import io.privtune.split.train.DeviceSide;
import io.privtune.split.train.LearningRateSchedule;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoraTest {
    @Test
    void loraStartsAsThePretrainedTopAndTrainsOnlyTheAdapters() {
        PaddedBatch batch = PaddedBatch.of(MiniLmModels.encodings());
        try (NDManager manager = MiniLmModels.manager();
                BottomModel bottom = new BottomModel(MiniLmModels.weights(), 2, manager);
                TopModel full = new TopModel(MiniLmModels.weights(), 2, 2, 0f, 0, 5, manager);
                TopModel lora = new TopModel(MiniLmModels.weights(), 2, 2, 0f, 8, 5, manager);
                NDManager scope = manager.newSubManager()) {
            float[] h = bottom.forward(batch).hidden();
            TransformerParityTest.assertClose(
                    full.encode(scope, h, batch, false).toFloatArray(),
                    lora.encode(scope, h, batch, false).toFloatArray(),
                    1e-6f,
                    "B = 0 at the start");
            List<NDArray> trainable = lora.parameters();
            assertEquals(4 * 2 * 2 + 2, trainable.size(), "4 layers x (query, value) x (A, B) + head");
            assertTrue(trainable.stream()
                    .allMatch(p -> p.getName().contains("lora") || p.getName().startsWith("classifier")));
            NDArray frozenBefore = lora.encode(scope, h, batch, false);
            CloudSide cloud = new CloudSide(lora, new AdamW(trainable, 0f), new LearningRateSchedule(1e-2f, 0, 10));
            for (int i = 0; i < 3; i++) {
                cloud.trainStep(new DeviceSide.Upload(h, new double[0], 0), batch, new int[] {1, 0, 1});
            }
            float[] after = lora.encode(scope, h, batch, false).toFloatArray();
            assertFalse(java.util.Arrays.equals(frozenBefore.toFloatArray(), after), "the adapters learned something");
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new TopModel(MiniLmModels.weights(), 2, 2, 0f, -1, 5, manager));
        }
    }
}
