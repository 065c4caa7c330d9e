package io.privtune.split.attack;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.NoiseShape;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The knn attack as an attacker who knows the mechanism runs it: in the representation space, and, when the
 * mechanism's noise has a Mahalanobis shape, also in the whitened space ({@link KnnAttack#whitened}). The stronger
 * is what counts: a shape that only fools the plain decoder is no defence.
 */
public final class ShapeAwareKnn {
    /** The plain attack's result, the whitened one's (null for isotropic noise), and the stronger of them. */
    public record Outcome(KnnAttack.Result plain, KnnAttack.Result whitened) {
        public KnnAttack.Result strongest() {
            return whitened != null && whitened.top1() > plain.top1() ? whitened : plain;
        }
    }

    private final KnnAttack plain;
    private final EmbeddingSpace dictionary;
    private final ComputeBackend backend;
    /** By shape instance: {@link NoiseShape#of} gives one instance per (dictionary, λ_M). */
    private final Map<NoiseShape, KnnAttack> whitened = new ConcurrentHashMap<>();

    public ShapeAwareKnn(EmbeddingSpace dictionary, ComputeBackend backend) {
        this.plain = new KnnAttack(backend.cosineIndex(dictionary), new io.privtune.core.knn.CpuL2Index(dictionary));
        this.dictionary = dictionary;
        this.backend = backend;
    }

    /** The plain attack, in the representation space. */
    public KnnAttack plain() {
        return plain;
    }

    /**
     * The nearest-row decoder for uploads of {@code mechanism} (the bag-of-tokens attribute attack reads text with it):
     * in the whitened space for shaped noise, where the nearest row is the maximum-likelihood guess; else plain.
     */
    public KnnAttack decoder(Mechanism mechanism) {
        return mechanism.noiseShape().map(this::whitenedFor).orElse(plain);
    }

    private KnnAttack whitenedFor(NoiseShape shape) {
        if (shape.dim() != dictionary.dim()) {
            throw new IllegalArgumentException(
                    "knn: noise shape of width " + shape.dim() + ", dictionary of width " + dictionary.dim());
        }
        return whitened.computeIfAbsent(shape, s -> KnnAttack.whitened(s, dictionary, backend));
    }

    /** Progress counts every pass: 2 x the attacked tokens, twice for shaped noise. */
    public Outcome run(
            Mechanism mechanism, float[] uploaded, int[] trueIds, boolean[] special, ProgressListener progress) {
        NoiseShape shape = mechanism.noiseShape().orElse(null);
        if (shape == null) {
            return new Outcome(plain.run(uploaded, trueIds, special, progress), null);
        }
        KnnAttack.Result first = plain.run(uploaded, trueIds, special, (done, all) -> progress.advance(done, 2 * all));
        KnnAttack white = whitenedFor(shape);
        KnnAttack.Result second =
                white.run(uploaded, trueIds, special, (done, all) -> progress.advance(all + done, 2 * all));
        return new Outcome(first, second);
    }
}
