package io.privtune.core.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.random.NoiseKey;
import io.privtune.core.space.EmbeddingSpace;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Mahalanobis noise shape (Xu et al. 2020): its covariance, its energy, and what it does to a knn attacker. */
class NoiseShapeTest {
    private static final int D = 24;
    /** Tokens differ in the first 4 coordinates (sd 1); the other 20 carry little (sd 0.05). */
    private static final int SPREAD = 4;

    private static EmbeddingSpace anisotropic(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[rows * D];
        for (int t = 0; t < rows; t++) {
            for (int j = 0; j < D; j++) {
                values[t * D + j] = (float) (gaussian(random) * (j < SPREAD ? 1.0 : 0.05));
            }
        }
        return EmbeddingSpace.fromArray("anisotropic", values, rows, D);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static MechanismParameters dchi(double eta, double mahalanobis) {
        return MechanismParameters.defaults()
                .with(Map.of("eta", Double.toString(eta), "mahalanobis", Double.toString(mahalanobis)));
    }

    /** n occurrences of every token of {@code dictionary}, as one batch (text 0, positions 0..). */
    private static TokenBatch everyToken(EmbeddingSpace dictionary, int repeats) {
        int n = dictionary.rows() * repeats;
        float[] h = new float[n * D];
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i % dictionary.rows();
            dictionary.copyRow(ids[i], h, i * D);
        }
        return TokenBatch.of(h, ids, D, 0);
    }

    private static double[][] noiseCovariance(TokenBatch batch, Perturbation p) {
        double[][] c = new double[D][D];
        int n = batch.tokens();
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < D; a++) {
                double za = p.perturbed()[i * D + a] - batch.representations()[i * D + a];
                for (int b = 0; b < D; b++) {
                    double zb = p.perturbed()[i * D + b] - batch.representations()[i * D + b];
                    c[a][b] += za * zb / n;
                }
            }
        }
        return c;
    }

    @Test
    void shapedNoiseHasTheRegularisedCovarianceAndTheIsotropicEnergy() {
        EmbeddingSpace dictionary = anisotropic(400, 5);
        MechanismContext context = MechanismContext.of(dictionary, null, NoiseKey.researchSeed(3));
        double eta = 20, mix = 0.8;
        TokenBatch batch = everyToken(dictionary, 60); // 24 000 draws
        double[][] iso = noiseCovariance(
                batch, Mechanisms.create("dchi", dchi(eta, 0), context).perturb(batch));
        double[][] shaped = noiseCovariance(
                batch, Mechanisms.create("dchi", dchi(eta, mix), context).perturb(batch));
        // dχ noise r·u in d dimensions: covariance E[r²]/d · I = (d + 1)/η² · I; shaped: that times Σ_λ
        double unit = (D + 1) / (eta * eta);
        double[] variance = new double[D];
        double trace = 0;
        float[] row = new float[D];
        double[] mean = new double[D];
        for (int t = 0; t < dictionary.rows(); t++) {
            dictionary.copyRow(t, row, 0);
            for (int j = 0; j < D; j++) {
                mean[j] += row[j] / (double) dictionary.rows();
            }
        }
        for (int t = 0; t < dictionary.rows(); t++) {
            dictionary.copyRow(t, row, 0);
            for (int j = 0; j < D; j++) {
                variance[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }
        for (double v : variance) {
            trace += v;
        }
        double isoEnergy = 0, shapedEnergy = 0;
        for (int j = 0; j < D; j++) {
            double expected = unit * (mix * variance[j] * D / trace + (1 - mix));
            assertEquals(unit, iso[j][j], 0.06 * unit, "isotropic variance, coordinate " + j);
            assertEquals(expected, shaped[j][j], 0.06 * expected, "shaped variance, coordinate " + j);
            isoEnergy += iso[j][j];
            shapedEnergy += shaped[j][j];
        }
        assertTrue(shaped[0][0] > 4 * shaped[D - 1][D - 1], "the spread coordinates take most of the noise");
        assertEquals(isoEnergy, shapedEnergy, 0.03 * isoEnergy, "the shape moves noise energy, it does not add any");
    }

    @Test
    void theShapeFoolsThePlainDecoderButNotTheWhitenedOne() {
        EmbeddingSpace dictionary = anisotropic(200, 9);
        MechanismContext context = MechanismContext.of(dictionary, null, NoiseKey.researchSeed(4));
        TokenBatch batch = everyToken(dictionary, 10);
        double eta = 25;
        double isotropic = knnRecovery(
                dictionary,
                batch,
                Mechanisms.create("dchi", dchi(eta, 0), context).perturb(batch));
        Mechanism shapedMechanism = Mechanisms.create("dchi", dchi(eta, 0.9), context);
        Perturbation shapedUpload = shapedMechanism.perturb(batch);
        double plainDecoder = knnRecovery(dictionary, batch, shapedUpload);
        // the attacker who knows the shape: nearest row after whitening, the maximum-likelihood decoder
        NoiseShape shape = shapedMechanism.noiseShape().orElseThrow();
        double whitenedDecoder = knnRecovery(
                shape.whiten(dictionary),
                batch,
                new Perturbation(shape.whiten(shapedUpload.perturbed(), batch.tokens()), shapedUpload.effectiveEta()));
        assertTrue(isotropic > 0.8, "the attack first succeeds against isotropic noise: " + isotropic);
        assertTrue(plainDecoder < isotropic - 0.3, "the shape fools the plain decoder: " + plainDecoder);
        // ... and not the one who knows it: here the shaped noise is small in the directions where few tokens differ,
        // and whitening reads them there (the shape is a lever to measure, not a defence by construction)
        assertTrue(
                whitenedDecoder > isotropic - 0.05,
                "whitened decoder " + whitenedDecoder + " against isotropic " + isotropic);
    }

    /** Share of tokens whose uploaded row is nearest (L2) to its own dictionary row. */
    private static double knnRecovery(EmbeddingSpace dictionary, TokenBatch batch, Perturbation upload) {
        float[] out = upload.perturbed();
        int hits = 0;
        float[] row = new float[D];
        for (int i = 0; i < batch.tokens(); i++) {
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int t = 0; t < dictionary.rows(); t++) {
                dictionary.copyRow(t, row, 0);
                double distance = 0;
                for (int j = 0; j < D; j++) {
                    double diff = out[i * D + j] - row[j];
                    distance += diff * diff;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = t;
                }
            }
            hits += best == batch.tokenIds()[i] ? 1 : 0;
        }
        return (double) hits / batch.tokens();
    }

    @Test
    void theGaussianBaselineIsShapedToo() {
        EmbeddingSpace dictionary = anisotropic(400, 5);
        MechanismContext context = MechanismContext.of(dictionary, null, NoiseKey.researchSeed(3));
        TokenBatch batch = everyToken(dictionary, 20);
        MechanismParameters p = MechanismParameters.defaults().with(Map.of("sigma", "0.1", "mahalanobis", "1"));
        Mechanism shaped = Mechanisms.create("gaussian", p, context);
        double[][] c = noiseCovariance(batch, shaped.perturb(batch));
        assertTrue(c[0][0] > 20 * c[D - 1][D - 1], c[0][0] + " against " + c[D - 1][D - 1]);
        assertTrue(shaped.privacyStatement().contains("Mahalanobis"), shaped.privacyStatement());
    }

    @Test
    void theShapeAppliesToPrivTuneAndSapCtiNoiseAndNamesItsMetric() {
        EmbeddingSpace dictionary = anisotropic(100, 2);
        MechanismContext context = MechanismContext.of(dictionary, null, NoiseKey.researchSeed(1));
        Mechanism shaped = Mechanisms.create("privtune-no-shift", dchi(30, 0.5), context);
        TokenBatch batch = everyToken(dictionary, 1).withImportance(new float[100]);
        Mechanism plain = Mechanisms.create("privtune-no-shift", dchi(30, 0), context);
        float[] a = shaped.perturb(batch).perturbed();
        float[] b = plain.perturb(batch).perturbed();
        assertTrue(!java.util.Arrays.equals(a, b), "mahalanobis changes privtune's noise");
        assertTrue(shaped.privacyStatement().contains("Mahalanobis"), shaped.privacyStatement());
        assertTrue(plain.privacyStatement().contains("Euclidean"), plain.privacyStatement());
        assertTrue(shaped.identity().contains("mahalanobis=0.5"), shaped.identity());
    }

    /** The shaped path is L·(the unshaped draw), with per-token scales: whitening the shaped noise gives the unshaped. */
    @Test
    void shapedNoiseIsTheFactorTimesTheUnshapedDrawWithScales() {
        EmbeddingSpace dictionary = anisotropic(100, 2);
        MechanismContext context = MechanismContext.of(dictionary, null, NoiseKey.researchSeed(6));
        float[] importance = new float[100];
        for (int i = 0; i < importance.length; i++) {
            importance[i] = i / 100f; // scales s_i from 1 down to about s_min
        }
        TokenBatch batch = everyToken(dictionary, 1).withImportance(importance);
        Mechanism shaped = Mechanisms.create("privtune-no-shift", dchi(30, 0.7), context);
        float[] h = batch.representations();
        float[] isotropic = Mechanisms.create("privtune-no-shift", dchi(30, 0), context)
                .perturb(batch)
                .perturbed();
        float[] noise = shaped.perturb(batch).perturbed();
        for (int i = 0; i < h.length; i++) {
            noise[i] -= h[i];
            isotropic[i] -= h[i];
        }
        float[] whitened = shaped.noiseShape().orElseThrow().whiten(noise, batch.tokens());
        for (int i = 0; i < h.length; i++) {
            assertEquals(isotropic[i], whitened[i], 1e-4, "value " + i);
        }
    }

    /** The identity feeds every text's stream nonce: the default must stay what it was, or old uploads get new noise. */
    @Test
    void theDefaultShapeLeavesTheIdentityAsItWas() {
        EmbeddingSpace dictionary = anisotropic(50, 1);
        MechanismContext context = MechanismContext.of(dictionary, null, NoiseKey.researchSeed(0));
        for (String name : java.util.List.of("dchi", "gaussian", "privtune-no-shift")) {
            assertTrue(!Mechanisms.create(name, dchi(10, 0), context).identity().contains("mahalanobis"), name);
            assertTrue(
                    Mechanisms.create(name, dchi(10, 0.5), context).identity().contains("mahalanobis=0.5"), name);
        }
        assertTrue(
                Mechanisms.create("dchi", dchi(10, 0.5), context).noiseShape().orElseThrow()
                        == Mechanisms.create("dchi", dchi(20, 0.5), context)
                                .noiseShape()
                                .orElseThrow(),
                "one shape per dictionary and mahalanobis, built once");
    }

    @Test
    void refusesWhatItCannotShape() {
        EmbeddingSpace dictionary = anisotropic(50, 1);
        var outside = assertThrows(IllegalArgumentException.class, () -> dchi(10, 1.5));
        assertTrue(outside.getMessage().contains("mahalanobis")
                && outside.getMessage().contains("1.5"));
        var noDictionary = assertThrows(
                IllegalArgumentException.class,
                () -> Mechanisms.create("dchi", dchi(10, 0.5), MechanismContext.of(NoiseKey.researchSeed(0))));
        assertTrue(noDictionary.getMessage().contains("dictionary"), noDictionary.getMessage());
        float[] flat = new float[10 * D];
        var singular = assertThrows(
                IllegalArgumentException.class,
                () -> Mechanisms.create(
                        "dchi",
                        dchi(10, 1),
                        MechanismContext.of(
                                EmbeddingSpace.fromArray("flat", flat, 10, D), null, NoiseKey.researchSeed(0))));
        assertTrue(singular.getMessage().contains("trace"), singular.getMessage());
        float[] thin = new float[10 * D]; // rows spanning 2 of the 24 directions: singular at mahalanobis = 1
        for (int t = 0; t < 10; t++) {
            thin[t * D] = t;
            thin[t * D + 1] = t * t;
        }
        var rankDeficient = assertThrows(
                IllegalArgumentException.class,
                () -> Mechanisms.create(
                        "dchi",
                        dchi(10, 1),
                        MechanismContext.of(
                                EmbeddingSpace.fromArray("thin", thin, 10, D), null, NoiseKey.researchSeed(0))));
        assertTrue(
                rankDeficient.getMessage().contains("singular")
                        && rankDeficient.getMessage().contains("= 1.0"),
                rankDeficient.getMessage());
        assertTrue(MechanismKind.DCHI.needsDictionary(dchi(10, 0.5)));
        assertTrue(!MechanismKind.DCHI.needsDictionary(dchi(10, 0)));
        assertTrue(!MechanismKind.NONE.needsDictionary(dchi(10, 0.5)));
    }
}
