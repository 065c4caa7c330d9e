package io.privtune.split.attack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.privtune.split.train.GradMode;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each encoder on its own: a text's features do not depend on what fills the padding after it in a batch, nor on the
 * other texts there, and they do depend on the text's other rows (it reads context at all).
 */
class SequenceEncoderTest {
    private static final int D = 6;
    private static final int WIDTH = 8;

    private static SequenceEncoder encoder(ContextualInversionAttack.Architecture architecture, NDManager manager) {
        return architecture == ContextualInversionAttack.Architecture.TRANSFORMER
                ? new TransformerEncoder(manager, D, WIDTH)
                : new BiLstmEncoder(manager, D, WIDTH);
    }

    /** Features of each text at its real positions, the texts batched B x L; rows[b] has lengths[b] x D values. */
    private static float[][] encode(
            SequenceEncoder encoder, NDManager manager, float[][] rows, int[] lengths, int length, float[] padding) {
        int batch = rows.length;
        float[] x = new float[batch * length * D];
        float[] reverse = new float[batch * length * length];
        float[] present = new float[batch * length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                for (int j = 0; j < D; j++) {
                    x[(b * length + t) * D + j] =
                            t < lengths[b] ? rows[b][t * D + j] : padding[((b * length + t) * D + j) % padding.length];
                }
                if (t < lengths[b]) {
                    reverse[(b * length + t) * length + (lengths[b] - 1 - t)] = 1f;
                    present[b * length + t] = 1f;
                }
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray out = encoder.encode(
                    new ParameterStore(scope, false),
                    scope.create(x, new Shape(batch, length, D)),
                    scope.create(reverse, new Shape(batch, length, length)),
                    scope.create(present, new Shape(batch, length)),
                    false);
            float[] all = out.toFloatArray();
            int w = (int) encoder.width();
            float[][] texts = new float[batch][];
            for (int b = 0; b < batch; b++) {
                texts[b] = new float[lengths[b] * w];
                System.arraycopy(all, b * length * w, texts[b], 0, lengths[b] * w);
            }
            return texts;
        }
    }

    private static float[] gaussian(SplittableRandom random, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @ParameterizedTest
    @EnumSource(ContextualInversionAttack.Architecture.class)
    void aTextReadsItsOwnRowsOnly(ContextualInversionAttack.Architecture architecture) {
        SplittableRandom random = new SplittableRandom(5);
        try (OneTorchThread oneThread = new OneTorchThread();
                NDManager manager = NDManager.newBaseManager("PyTorch")) {
            GradMode.off(); // after the engine is loaded
            SequenceEncoder encoder = encoder(architecture, manager);
            float[] shortText = gaussian(random, 4 * D, 1);
            float[] longText = gaussian(random, 9 * D, 1);
            float[] alone = encode(encoder, manager, new float[][] {shortText}, new int[] {4}, 4, new float[1])[0];
            // the short text padded to 9 rows of large noise, beside a long text, and beside another long text
            float[] loud = gaussian(random, 997, 100);
            float[] batched =
                    encode(encoder, manager, new float[][] {shortText, longText}, new int[] {4, 9}, 9, loud)[0];
            float[] other = encode(
                    encoder,
                    manager,
                    new float[][] {shortText, gaussian(random, 9 * D, 1)},
                    new int[] {4, 9},
                    9,
                    gaussian(random, 991, 100))[0];
            assertTrue(
                    maxDifference(alone, batched) < 1e-4, "padding reached the text: " + maxDifference(alone, batched));
            assertTrue(maxDifference(alone, other) < 1e-4, "another text reached it: " + maxDifference(alone, other));

            // its last row changes what its first position reads
            float[] changed = shortText.clone();
            for (int j = 0; j < D; j++) {
                changed[3 * D + j] += 3f;
            }
            float[] moved = encode(encoder, manager, new float[][] {changed}, new int[] {4}, 4, new float[1])[0];
            double first = 0;
            for (int j = 0; j < encoder.width(); j++) { // a BiLSTM's backward half reads it
                first = Math.max(first, Math.abs(moved[j] - alone[j]));
            }
            assertTrue(first > 1e-3, "position 0 does not read position 3: " + first);
        }
    }
}
