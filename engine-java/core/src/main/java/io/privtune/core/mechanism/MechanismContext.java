package io.privtune.core.mechanism;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.backend.CpuBackend;
import io.privtune.core.importance.CtiScores;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.space.EmbeddingSpace;

/**
 * What mechanisms may need besides their parameters: the dictionary R and its kNN graph G (PrivTune),
 * CTI scores from the training labels (sap-cti, privtune with cti importance), and the backend.
 * Any of the first three may be null when no requested mechanism needs it.
 */
public record MechanismContext(EmbeddingSpace dictionary, KnnGraph graph, CtiScores cti, ComputeBackend backend) {
    public MechanismContext {
        if (backend == null) {
            throw new IllegalArgumentException("a mechanism context needs a backend");
        }
        if (dictionary != null && graph != null && graph.vertices() != dictionary.rows()) {
            throw new IllegalArgumentException("the kNN graph has " + graph.vertices() + " vertices but the dictionary has "
                    + dictionary.rows() + " rows: they come from different models or split points");
        }
    }

    public static MechanismContext empty() {
        return new MechanismContext(null, null, null, CpuBackend.INSTANCE);
    }

    public static MechanismContext of(EmbeddingSpace dictionary, KnnGraph graph) {
        return new MechanismContext(dictionary, graph, null, CpuBackend.INSTANCE);
    }

    public MechanismContext withCti(CtiScores scores) {
        return new MechanismContext(dictionary, graph, scores, backend);
    }

    public MechanismContext withBackend(ComputeBackend other) {
        return new MechanismContext(dictionary, graph, cti, other);
    }
}
