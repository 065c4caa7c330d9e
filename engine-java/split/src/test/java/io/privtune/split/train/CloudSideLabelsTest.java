package io.privtune.split.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.privtune.core.model.BundledModel;
import io.privtune.split.model.BertWeights;
import io.privtune.split.model.OnnxBertReader;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.model.TopModel;
import org.junit.jupiter.api.Test;

/** The in-process cloud refuses a label its head has no output for, instead of training on a zero one-hot row. */
class CloudSideLabelsTest {
    @Test
    void aLabelOutsideTheHeadIsRefusedByIndex() {
        BertWeights weights =
                OnnxBertReader.read(BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape());
        try (NDManager root = NDManager.newBaseManager("PyTorch");
                TopModel top = new TopModel(weights, 2, 3, 0.1f, 0, 1, root)) {
            CloudSide cloud =
                    new CloudSide(top, new AdamW(top.parameters(), 0.01f), new LearningRateSchedule(1e-4f, 0, 10));
            int length = 4;
            PaddedBatch batch = new PaddedBatch(
                    2, length, new long[2 * length], new float[] {1, 1, 1, 1, 1, 1, 0, 0}, new boolean[2 * length]);
            DeviceSide.Upload upload =
                    new DeviceSide.Upload(new float[2 * length * weights.shape().hidden()], new double[0], 6);
            IllegalArgumentException train = assertThrows(
                    IllegalArgumentException.class, () -> cloud.trainStep(upload, batch, new int[] {2, 3}));
            assertEquals("labels[1] is 3; the top model's head has 3 classes (expected 0..2)", train.getMessage());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> cloud.predict(upload, batch, new int[] {-1, 0}, new double[1]));
            assertEquals(0, cloud.optimizer().step(), "nothing was trained");
        }
    }
}
