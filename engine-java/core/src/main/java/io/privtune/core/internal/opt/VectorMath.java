package io.privtune.core.internal.opt;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Row-level float kernels on the Vector API used by the noise solvers (dot products, distances). */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorMath() {}

    /**
     * The lanes' sum in lane order. {@code reduceLanes(ADD)} may add floats in any order (interpreted and
     * JIT-compiled code differ), so the same batch could upload different bytes on two runs; the device's
     * uploads must be a function of (text, key, addresses) alone.
     */
    static float laneSum(FloatVector v) {
        float sum = 0f;
        for (int lane = 0; lane < v.length(); lane++) {
            sum += v.lane(lane);
        }
        return sum;
    }

    static float squaredDistance(float[] a, int aOff, float[] b, int bOff, int d) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(d); j < bound; j += S.length()) {
            FloatVector diff = FloatVector.fromArray(S, a, aOff + j).sub(FloatVector.fromArray(S, b, bOff + j));
            acc = diff.fma(diff, acc);
        }
        float sum = laneSum(acc);
        for (; j < d; j++) {
            float diff = a[aOff + j] - b[bOff + j];
            sum += diff * diff;
        }
        return sum;
    }

    static float squaredNorm(float[] a, int aOff, int d) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(d); j < bound; j += S.length()) {
            FloatVector v = FloatVector.fromArray(S, a, aOff + j);
            acc = v.fma(v, acc);
        }
        float sum = laneSum(acc);
        for (; j < d; j++) {
            sum += a[aOff + j] * a[aOff + j];
        }
        return sum;
    }

    /**
     * OPT-3 for one row in two passes over L1-resident data: the norms of (c − h) and h, then
     * out = (c − h) · scale, with scale = shrink, reduced so that ‖out‖ ≤ κ‖h‖.
     */
    static void cappedScaledDifference(float[] c, float[] h, int off, float shrink, float kappa, float[] out, int d) {
        FloatVector diffAcc = FloatVector.zero(S);
        FloatVector hAcc = FloatVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(d); j < bound; j += S.length()) {
            FloatVector hv = FloatVector.fromArray(S, h, off + j);
            FloatVector diff = FloatVector.fromArray(S, c, off + j).sub(hv);
            diffAcc = diff.fma(diff, diffAcc);
            hAcc = hv.fma(hv, hAcc);
        }
        float diffSquared = laneSum(diffAcc);
        float hSquared = laneSum(hAcc);
        for (int t = j; t < d; t++) {
            float diff = c[off + t] - h[off + t];
            diffSquared += diff * diff;
            hSquared += h[off + t] * h[off + t];
        }
        float norm = shrink * (float) Math.sqrt(diffSquared);
        float cap = kappa * (float) Math.sqrt(hSquared);
        float scale = norm > cap ? shrink * cap / norm : shrink;
        scaledDifference(c, h, off, scale, out, d);
    }

    /** out[j] = (c[j] − h[j]) · scale for one row. */
    static void scaledDifference(float[] c, float[] h, int off, float scale, float[] out, int d) {
        int j = 0;
        for (int bound = S.loopBound(d); j < bound; j += S.length()) {
            FloatVector.fromArray(S, c, off + j)
                    .sub(FloatVector.fromArray(S, h, off + j))
                    .mul(scale)
                    .intoArray(out, off + j);
        }
        for (; j < d; j++) {
            out[off + j] = (c[off + j] - h[off + j]) * scale;
        }
    }

    static void scale(float[] a, int off, float factor, int d) {
        int j = 0;
        for (int bound = S.loopBound(d); j < bound; j += S.length()) {
            FloatVector.fromArray(S, a, off + j).mul(factor).intoArray(a, off + j);
        }
        for (; j < d; j++) {
            a[off + j] *= factor;
        }
    }
}
