package io.privtune.core.mechanism;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.StreamAddresses;
import io.privtune.core.space.EmbeddingSpace;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * The shape of the noise (dχ, or the Gaussian baseline's): isotropic (the Euclidean metric), or anisotropic under the regularised Mahalanobis
 * metric of Xu et al. (2020), ‖L⁻¹(x − x')‖ with L Lᵀ = Σ_λ = λ_M·Σ̂ + (1 − λ_M)·I, where Σ̂ is the covariance of
 * the dictionary R scaled to trace d. Shaped noise is L·z for isotropic dχ noise z, so its density is
 * ∝ exp(−η‖L⁻¹z‖), and, because tr Σ_λ = d, its expected squared norm equals the isotropic noise's at the same η:
 * the shape moves noise energy into the directions in which tokens differ, it does not add energy.
 *
 * <p>Everything here is public, as the mechanism's parameters are: the cloud can compute Σ̂ from the public model, and
 * an attacker who knows the shape decodes in the whitened space ({@link #whiten}), where the noise is isotropic again
 * and the nearest dictionary row is the maximum-likelihood guess.
 */
public final class NoiseShape {
    private final int dim;
    private final double mix;
    /** L, lower triangular, stored column-major so that applying it is a sequence of contiguous axpy loops. */
    private final float[] columns;

    private NoiseShape(int dim, double mix, float[] columns) {
        this.dim = dim;
        this.mix = mix;
        this.columns = columns;
    }

    /** The Mahalanobis shape of {@code dictionary} at λ_M = {@code mix} ∈ (0, 1]: what a mechanism with these parameters draws. */
    public static NoiseShape mahalanobis(double mix, EmbeddingSpace dictionary) {
        if (!(mix > 0 && mix <= 1)) {
            throw new IllegalArgumentException("noise shape: mahalanobis must be in (0, 1], found " + mix);
        }
        return of("noise shape", mix, dictionary);
    }

    /**
     * Built shapes by dictionary (held weakly) and λ_M: each mechanism of a grid, and the attacker's twin, would
     * otherwise recompute the V x d covariance and its factor.
     */
    private static final Map<EmbeddingSpace, Map<Double, NoiseShape>> BUILT =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** The isotropic shape (null) when {@code mix} is 0; else the Mahalanobis shape of {@code dictionary}. */
    static NoiseShape of(String mechanism, double mix, EmbeddingSpace dictionary) {
        if (mix == 0) {
            return null;
        }
        if (dictionary == null) {
            throw new IllegalArgumentException(mechanism + " with mahalanobis = " + mix
                    + " needs the token dictionary R (its covariance shapes the noise)");
        }
        Map<Double, NoiseShape> byMix = BUILT.computeIfAbsent(dictionary, d -> new ConcurrentHashMap<>());
        return byMix.computeIfAbsent(
                mix,
                m -> new NoiseShape(dictionary.dim(), m, cholesky(regularisedCovariance(dictionary, m), mechanism, m)));
    }

    /** The metric a mechanism with this shape (null: isotropic) is dχ-private under, for its privacy statement. */
    static String metric(NoiseShape shape) {
        return shape == null
                ? "Euclidean distance"
                : "regularised Mahalanobis distance ||L^-1 (x - x')|| (L L^T = " + shape.mix
                        + " * dictionary covariance scaled to trace d + " + (1 - shape.mix) + " * I; Xu et al. 2020)";
    }

    public int dim() {
        return dim;
    }

    /** λ_M. */
    public double mix() {
        return mix;
    }

    /** L⁻¹ applied to each of the {@code n} rows (n x d): shaped noise becomes isotropic again. */
    public float[] whiten(float[] rows, int n) {
        if (rows.length != (long) n * dim) {
            throw new IllegalArgumentException(
                    "noise shape: expected " + n + " x " + dim + " values to whiten, found " + rows.length);
        }
        float[] out = rows.clone();
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            int o = i * dim;
            for (int k = 0; k < dim; k++) { // forward substitution, column by column
                float yk = out[o + k] / columns[k * dim + k];
                out[o + k] = yk;
                int col = k * dim;
                for (int j = k + 1; j < dim; j++) {
                    out[o + j] -= columns[col + j] * yk;
                }
            }
        });
        return out;
    }

    /** The dictionary in the whitened space, for an attacker's nearest-row decoding. */
    public EmbeddingSpace whiten(EmbeddingSpace dictionary) {
        if (dictionary.dim() != dim) {
            throw new IllegalArgumentException(
                    "noise shape: dictionary width " + dictionary.dim() + ", shape width " + dim);
        }
        return EmbeddingSpace.fromArray(
                dictionary.name() + " whitened (mahalanobis " + mix + ")",
                whiten(dictionary.toArray(), dictionary.rows()),
                dictionary.rows(),
                dim);
    }

    /**
     * The dχ mechanisms' last step under {@code shape} (null: isotropic, the backend's fused
     * {@link ComputeBackend#dchiPerturb}). Shaped: out_i = h_i + (float)(s_i·δ_i) + L·(s_i·r_i·u_i) for tokens not
     * left alone, h_i otherwise, from the backend's own isotropic draw (same key, addresses and η as unshaped).
     */
    static float[] perturb(
            NoiseShape shape,
            ComputeBackend backend,
            float[] h,
            float[] delta,
            double[] scales,
            boolean[] leave,
            int n,
            int d,
            StreamAddresses addresses,
            NoiseKey key,
            double eta) {
        return shape == null
                ? backend.dchiPerturb(h, delta, scales, leave, n, d, addresses, key, eta)
                : shape.shaped(backend, h, delta, scales, leave, n, d, addresses, key, eta);
    }

    private float[] shaped(
            ComputeBackend backend,
            float[] h,
            float[] delta,
            double[] scales,
            boolean[] leave,
            int n,
            int d,
            StreamAddresses addresses,
            NoiseKey key,
            double eta) {
        if (d != dim) {
            throw new IllegalArgumentException(
                    "noise shape: batch width " + d + " differs from the dictionary width " + dim);
        }
        io.privtune.core.backend.DchiPerturbation.check(h, delta, scales, leave, n, d, addresses, eta);
        float[] noise = backend.dchiPerturb(new float[h.length], null, scales, leave, n, d, addresses, key, eta);
        float[] out = h.clone();
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            if (leave != null && leave[i]) {
                return;
            }
            double s = scales == null ? 1.0 : scales[i];
            int row = i * d;
            for (int j = 0; j < d; j++) {
                out[row + j] += delta == null ? 0f : (float) (s * delta[row + j]);
            }
            addShaped(noise, row, out, row);
        });
        return out;
    }

    /** out[o, o + d) += L·z[zo, zo + d). */
    void addShaped(float[] z, int zo, float[] out, int o) {
        for (int k = 0; k < dim; k++) {
            float zk = z[zo + k];
            int col = k * dim;
            for (int j = k; j < dim; j++) {
                out[o + j] += columns[col + j] * zk;
            }
        }
    }

    /** Σ_λ = mix·Σ̂ + (1 − mix)·I, Σ̂ = the rows' covariance scaled to trace d. */
    private static DMatrixRMaj regularisedCovariance(EmbeddingSpace dictionary, double mix) {
        int v = dictionary.rows();
        int d = dictionary.dim();
        if (v < 2) {
            throw new IllegalArgumentException("noise shape: the dictionary needs at least 2 rows, found " + v);
        }
        DMatrixRMaj centred = new DMatrixRMaj(v, d);
        double[] mean = new double[d];
        float[] row = new float[d];
        for (int t = 0; t < v; t++) {
            dictionary.copyRow(t, row, 0);
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= v;
        }
        for (int t = 0; t < v; t++) {
            dictionary.copyRow(t, row, 0);
            for (int j = 0; j < d; j++) {
                centred.data[t * d + j] = row[j] - mean[j];
            }
        }
        DMatrixRMaj covariance = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multInner(centred, covariance);
        double trace = CommonOps_DDRM.trace(covariance);
        if (!(trace > 0) || Double.isInfinite(trace)) {
            throw new IllegalArgumentException(
                    "noise shape: the dictionary's covariance has trace " + trace + " (all rows equal, or not finite)");
        }
        CommonOps_DDRM.scale(mix * d / trace, covariance);
        for (int j = 0; j < d; j++) {
            covariance.add(j, j, 1 - mix);
        }
        return covariance;
    }

    /** Below this, a pivot of L makes whitening divide by almost nothing (Σ_λ is singular in all but rounding). */
    private static final double MIN_PIVOT = 1e-6;

    private static float[] cholesky(DMatrixRMaj sigma, String mechanism, double mix) {
        int d = sigma.numRows;
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        boolean factored = chol.decompose(sigma.copy());
        DMatrixRMaj lower = factored ? chol.getT(null) : null;
        for (int j = 0; factored && j < d; j++) {
            factored = lower.get(j, j) > MIN_PIVOT;
        }
        if (!factored) {
            throw new IllegalArgumentException(mechanism + ": the dictionary's regularised covariance at mahalanobis = "
                    + mix + " is singular (its rows span fewer than " + d + " directions); use a smaller value"
                    + " (the identity term 1 - mahalanobis makes it positive definite)");
        }
        float[] columns = new float[d * d];
        for (int k = 0; k < d; k++) {
            for (int j = k; j < d; j++) {
                columns[k * d + j] = (float) lower.get(j, k);
            }
        }
        return columns;
    }
}
