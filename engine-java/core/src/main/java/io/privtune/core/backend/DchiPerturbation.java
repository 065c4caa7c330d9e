package io.privtune.core.backend;

import io.privtune.core.random.DchiNoise;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.StreamAddresses;
import java.util.stream.IntStream;

/**
 * The mechanisms' last step on the CPU (the reference the CUDA kernel {@code privtune_dchi_perturb}
 * mirrors): for each token i not left alone, out_i = h_i + ((float)(s_i·δ_i) + s_i·r_i·u_i), with the dχ
 * noise r_i·u_i drawn from the streams of (noise key, addresses of row i); tokens left alone are copied.
 */
public final class DchiPerturbation {
    private DchiPerturbation() {}

    /**
     * @param delta  n x d mean shift, or null (zero-mean mechanisms)
     * @param scales s_i per token, or null for 1
     * @param leave  per token, true = copy unchanged (special tokens, protected tokens); or null
     * @param addresses per token, its text nonce and position: the address of its noise streams under {@code key}
     */
    public static float[] apply(
            float[] h,
            float[] delta,
            double[] scales,
            boolean[] leave,
            int n,
            int d,
            StreamAddresses addresses,
            NoiseKey key,
            double eta) {
        check(h, delta, scales, leave, n, d, addresses, eta);
        float[] out = h.clone();
        IntStream.range(0, n).parallel().forEach(i -> {
            if (leave != null && leave[i]) {
                return;
            }
            double s = scales == null ? 1.0 : scales[i];
            float[] noise = new float[d];
            DchiNoise.sample(key, addresses.text(i), addresses.position(i), eta, s, noise, 0, d);
            for (int j = 0; j < d; j++) {
                float moved = delta == null ? 0f : (float) (s * delta[i * d + j]);
                out[i * d + j] += moved + noise[j];
            }
        });
        return out;
    }

    /** What every backend refuses before perturbing: arrays of the wrong length, an eta that is not a finite number > 0. */
    public static void check(
            float[] h,
            float[] delta,
            double[] scales,
            boolean[] leave,
            int n,
            int d,
            StreamAddresses addresses,
            double eta) {
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("perturbation: eta must be a finite number > 0, found " + eta);
        }
        if (h.length != (long) n * d
                || (delta != null && delta.length != h.length)
                || (scales != null && scales.length != n)
                || (leave != null && leave.length != n)
                || addresses == null
                || addresses.rows() != n) {
            throw new IllegalArgumentException(
                    "perturbation: expected h (and delta) of n x d = " + n + " x " + d + " and per-token arrays of "
                            + n + "; found h " + h.length + (delta == null ? "" : ", delta " + delta.length)
                            + (scales == null ? "" : ", scales " + scales.length)
                            + (leave == null ? "" : ", flags " + leave.length)
                            + ", addresses " + (addresses == null ? "none" : addresses.rows()));
        }
    }
}
