package io.privtune.core.mechanism;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/** The loop shared by the zero-mean mechanisms: add a per-token noise row to every token not left alone. */
final class AdditiveNoise {
    /** Writes token {@code row}'s noise into {@code out} (length d) and returns its effective η (NaN: no dχ statement). */
    interface RowNoise {
        double sample(long text, int position, float[] out);
    }

    private AdditiveNoise() {}

    static Perturbation apply(TokenBatch batch, IntPredicate leftAlone, RowNoise noise) {
        int d = batch.dim();
        float[] out = batch.representations().clone();
        double[] eta = new double[batch.tokens()];
        Arrays.fill(eta, Double.POSITIVE_INFINITY);
        IntStream.range(0, batch.tokens()).parallel().forEach(i -> {
            if (batch.special()[i] || leftAlone.test(i)) {
                return;
            }
            float[] z = new float[d];
            eta[i] = noise.sample(batch.addresses().text(i), batch.addresses().position(i), z);
            for (int j = 0; j < d; j++) {
                out[i * d + j] += z[j];
            }
        });
        return new Perturbation(out, eta);
    }
}
