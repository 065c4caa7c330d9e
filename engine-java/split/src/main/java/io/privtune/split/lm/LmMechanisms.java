package io.privtune.split.lm;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismKind;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.model.CacheDirectory;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.split.internal.store.DictionaryStore;
import io.privtune.split.model.llama.DecoderBottom;

/**
 * The mechanisms on a decoder's uploads, unchanged from the encoder's: the dictionary R for (model, m) and its
 * kNN graph (cached on disk, as for encoders) feed the PrivTune variants and the knn attacker. A causal LM has no
 * task labels, so the CTI-based settings (sap-cti, importance=cti) are refused by name.
 */
public final class LmMechanisms {
    private final EmbeddingSpace dictionary;
    private final KnnGraph graph;
    private final ComputeBackend backend;

    public LmMechanisms(DecoderBottom bottom, int k, ComputeBackend backend, Progress progress) {
        DictionaryStore store = new DictionaryStore(CacheDirectory.resolve("dictionaries"));
        this.dictionary = store.dictionary(bottom.cacheKey(), bottom.splitPoint(), () -> bottom.dictionary(progress));
        try (Progress.Task task = progress.start("kNN graph", dictionary.rows(), "tokens")) {
            this.graph =
                    store.graph(bottom.cacheKey(), bottom.splitPoint(), k, dictionary, backend, task, new boolean[1]);
        }
        this.backend = backend;
    }

    public EmbeddingSpace dictionary() {
        return dictionary;
    }

    public ComputeBackend backend() {
        return backend;
    }

    /** The named mechanism with these parameters, drawing with {@code key}. */
    public Mechanism create(String name, MechanismParameters parameters, NoiseKey key) {
        if (MechanismKind.of(name).needsCti(parameters)) {
            throw new IllegalArgumentException(
                    name + " with these parameters needs CTI statistics from task labels; a causal LM has none: "
                            + MechanismKind.WITHOUT_CLASSES);
        }
        return Mechanisms.create(
                name, parameters, MechanismContext.of(dictionary, graph, key).withBackend(backend));
    }
}
