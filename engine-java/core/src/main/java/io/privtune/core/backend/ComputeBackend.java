package io.privtune.core.backend;

import io.privtune.core.knn.CosineIndex;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.StreamAddresses;
import io.privtune.core.space.EmbeddingSpace;

/**
 * Where the hot paths run. The CPU backend works everywhere; a GPU backend keeps the dictionary and
 * graph resident on the device. Mechanisms only talk to this interface.
 */
public interface ComputeBackend {
    String name();

    /** An exact cosine index over the rows of {@code space} (kNN graph and knn queries). */
    CosineIndex cosineIndex(EmbeddingSpace space);

    /** A noise solver bound to a dictionary R and its kNN graph G. */
    NoiseSolver noiseSolver(EmbeddingSpace dictionary, KnnGraph graph);

    /**
     * dχ noise, scaled, plus the scaled mean shift, for a batch: the mechanisms' last step (see
     * {@link DchiPerturbation} for the exact arithmetic every backend reproduces).
     */
    default float[] dchiPerturb(
            float[] h,
            float[] delta,
            double[] scales,
            boolean[] leave,
            int n,
            int d,
            StreamAddresses addresses,
            NoiseKey key,
            double eta) {
        return DchiPerturbation.apply(h, delta, scales, leave, n, d, addresses, key, eta);
    }
}
