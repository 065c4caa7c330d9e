package io.privtune.core.mechanism;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.backend.CpuBackend;
import io.privtune.core.importance.CtiScores;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.space.EmbeddingSpace;

/**
 * What mechanisms may need besides their parameters: the dictionary R and its kNN graph G (PrivTune),
 * CTI scores from the training labels (sap-cti, privtune with cti importance), the backend, and the noise
 * key that every random draw is keyed by. Any of the first three may be null when no requested mechanism
 * needs it; the key may be null only for {@code none}.
 */
public record MechanismContext(
        EmbeddingSpace dictionary, KnnGraph graph, CtiScores cti, ComputeBackend backend, NoiseKey key) {
    public MechanismContext {
        if (backend == null) {
            throw new IllegalArgumentException("a mechanism context needs a backend");
        }
        if (dictionary != null && graph != null && graph.vertices() != dictionary.rows()) {
            throw new IllegalArgumentException(
                    "the kNN graph has " + graph.vertices() + " vertices but the dictionary has " + dictionary.rows()
                            + " rows: they come from different models or split points");
        }
    }

    /** No dictionary, graph or CTI, the CPU backend, and {@code key}. */
    public static MechanismContext of(NoiseKey key) {
        return new MechanismContext(null, null, null, CpuBackend.INSTANCE, key);
    }

    public static MechanismContext of(EmbeddingSpace dictionary, KnnGraph graph, NoiseKey key) {
        return new MechanismContext(dictionary, graph, null, CpuBackend.INSTANCE, key);
    }

    public MechanismContext withCti(CtiScores scores) {
        return new MechanismContext(dictionary, graph, scores, backend, key);
    }

    public MechanismContext withBackend(ComputeBackend other) {
        return new MechanismContext(dictionary, graph, cti, other, key);
    }

    /** The same context under another key (e.g. the adaptive attacker's own). */
    public MechanismContext withKey(NoiseKey other) {
        return new MechanismContext(dictionary, graph, cti, backend, other);
    }

    /** The key, or a clear refusal for mechanisms that draw randomness. */
    NoiseKey requireKey(String mechanism) {
        if (key == null) {
            throw new IllegalArgumentException(
                    mechanism + " draws random noise and needs a noise key (NoiseKey.generate() for a secret one, "
                            + "NoiseKey.researchSeed(n) for a reproducible research run)");
        }
        return key;
    }
}
