package io.privtune.split.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.backend.CpuBackend;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.space.EmbeddingSpace;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The knn attacker who knows the mechanism whitens Mahalanobis-shaped noise, and reports the stronger decoder. */
class ShapeAwareKnnTest {
    private static final int V = 200, D = 24;

    /** Tokens differ in 4 coordinates (sd 1) and barely in the other 20 (sd 0.05). */
    private static EmbeddingSpace anisotropic() {
        SplittableRandom random = new SplittableRandom(9);
        float[] values = new float[V * D];
        for (int i = 0; i < values.length; i++) {
            double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            values[i] = (float) (g * (i % D < 4 ? 1.0 : 0.05));
        }
        return EmbeddingSpace.fromArray("anisotropic", values, V, D);
    }

    private static ShapeAwareKnn.Outcome attack(ShapeAwareKnn knn, Mechanism mechanism, EmbeddingSpace dictionary) {
        int n = V * 5;
        float[] h = new float[n * D];
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i % V;
            dictionary.copyRow(ids[i], h, i * D);
        }
        float[] upload = mechanism
                .perturb(io.privtune.core.mechanism.TokenBatch.of(h, ids, D, 0))
                .perturbed();
        return knn.run(mechanism, upload, ids, new boolean[n], ProgressListener.NONE);
    }

    @Test
    void whitensShapedNoiseAndKeepsTheStrongerDecoder() {
        EmbeddingSpace dictionary = anisotropic();
        ShapeAwareKnn knn = new ShapeAwareKnn(dictionary, CpuBackend.INSTANCE);
        MechanismContext context = MechanismContext.of(dictionary, null, NoiseKey.researchSeed(4));
        MechanismParameters isotropic = MechanismParameters.defaults().with(Map.of("eta", "25"));
        ShapeAwareKnn.Outcome plain = attack(knn, Mechanisms.create("dchi", isotropic, context), dictionary);
        assertNull(plain.whitened(), "isotropic noise has nothing to whiten");
        assertSame(plain.plain(), plain.strongest());

        ShapeAwareKnn.Outcome shaped = attack(
                knn, Mechanisms.create("dchi", isotropic.with(Map.of("mahalanobis", "0.9")), context), dictionary);
        assertNotNull(shaped.whitened());
        assertTrue(
                shaped.whitened().top1() > shaped.plain().top1() + 0.3,
                "whitened " + shaped.whitened().top1() + " against plain "
                        + shaped.plain().top1());
        assertSame(shaped.whitened(), shaped.strongest());
        assertEquals(plain.plain().top1(), shaped.whitened().top1(), 0.05, "the shape is no defence here");
    }
}
