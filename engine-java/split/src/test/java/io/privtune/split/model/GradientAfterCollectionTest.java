package io.privtune.split.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A garbage collection between the forward and the backward pass must not change a gradient. DJL turns a Number
 * operand (x.mul(0.125)) into a tensor over a direct buffer and closes it at once, while autograd keeps it for the
 * backward pass: once the collector frees the buffer, the backward reads freed memory. Trainable graphs therefore
 * keep such operands as arrays of the graph's own manager.
 */
class GradientAfterCollectionTest {
    @Test
    void anEncoderLayersGradientSurvivesAGarbageCollectionMidStep() {
        BertWeights weights = MiniLmModels.weights();
        int d = weights.shape().hidden();
        float[] input = new float[2 * 5 * d];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        float[] reference = gradient(weights, input, false);
        for (int round = 0; round < 3; round++) {
            assertArrayEquals(reference, gradient(weights, input, true), 1e-6f, "round " + round);
        }
    }

    private static float[] gradient(BertWeights weights, float[] input, boolean collect) {
        int d = weights.shape().hidden();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EncoderLayer layer = EncoderLayer.load(weights, 2, manager, true);
            layer.enableLora(4, manager, new SplittableRandom(5), 2); // the adapters' scale is a scalar operand too
            NDArray x = manager.create(input, new Shape(2, 5, d));
            x.setRequiresGradient(true);
            NDArray bias = PaddedBatch.maskBias(manager.ones(new Shape(2, 5)));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out = layer.forward(x, bias, 0f, true, null);
                if (collect) {
                    for (int i = 0; i < 3; i++) {
                        byte[][] churn = new byte[64][];
                        for (int j = 0; j < churn.length; j++) {
                            churn[j] = new byte[1 << 16];
                        }
                        System.gc();
                    }
                }
                collector.backward(out.square().sum());
            }
            return x.getGradient().toFloatArray();
        }
    }
}
