package io.privtune.split.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimiserTest {
    @Test
    void firstAdamWStepMatchesTheFormula() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray w = m.create(new float[] {1f, -2f, 3f, 0.5f}, new Shape(2, 2));
            w.setName("dense.weight");
            w.setRequiresGradient(true);
            NDArray b = m.create(new float[] {1f, 1f});
            b.setName("dense.bias");
            b.setRequiresGradient(true);
            AdamW adam = new AdamW(List.of(w, b), 0.1f);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(w.square().sum().add(b.mul(3f).sum())); // dL/dw = 2w, dL/db = 3
            }
            adam.update(0.01f);
            // step 1: m̂ = g, v̂ = g², so the Adam direction is g / (|g| + ε) = sign(g); decay 0.1·w on matrices only
            float[] expectedW = {
                1f - 0.01f * (1f + 0.1f * 1f),
                -2f - 0.01f * (-1f + 0.1f * -2f),
                3f - 0.01f * (1f + 0.3f),
                0.5f - 0.01f * (1f + 0.05f)
            };
            assertArrayEquals(expectedW, w.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.99f, 0.99f}, b.toFloatArray(), 1e-6f, "no decay on biases");
            assertArrayEquals(new float[4], w.getGradient().toFloatArray(), "gradients cleared after the update");
            assertEquals(1, adam.step());
        }
    }

    @Test
    void adamWMinimisesAQuadratic() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.create(new float[] {5f, -3f}, new Shape(1, 2));
            x.setName("x");
            x.setRequiresGradient(true);
            AdamW adam = new AdamW(List.of(x), 0f);
            for (int i = 0; i < 300; i++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(x.sub(1f).square().sum());
                }
                adam.update(0.05f);
            }
            for (float v : x.toFloatArray()) {
                assertEquals(1f, v, 0.05f);
            }
        }
    }

    @Test
    void scheduleWarmsUpThenDecaysToZero() {
        LearningRateSchedule s = new LearningRateSchedule(1e-3f, 10, 110);
        assertEquals(1e-4f, s.at(1), 1e-9f);
        assertEquals(1e-3f, s.at(10), 1e-9f);
        assertEquals(5e-4f, s.at(60), 1e-9f);
        assertEquals(0f, s.at(110), 1e-9f);
        assertTrue(s.at(30) > s.at(31));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0f, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1f, 11, 10));
    }
}
