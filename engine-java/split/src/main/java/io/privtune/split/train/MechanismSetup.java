package io.privtune.split.train;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.importance.CtiScores;
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
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.ModelSource;
import io.privtune.split.model.TokenDictionary;
import io.privtune.split.text.Encoding;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a mechanism with exactly what it needs: the dictionary R for (model, m) for the PrivTune variants that
 * shift and for a Mahalanobis noise shape, its kNN graph for the former (both cached on disk), CTI scores from the labelled training text for
 * sap-cti and for cti importance.
 */
public final class MechanismSetup {
    private MechanismSetup() {}

    public static Mechanism create(
            String name,
            MechanismParameters parameters,
            ModelSource source,
            BottomModel bottom,
            int[] boundaryIds,
            List<Encoding> trainText,
            int[] trainLabels,
            int k,
            ComputeBackend backend,
            NoiseKey key,
            Progress progress) {
        return Mechanisms.create(
                name,
                parameters,
                context(name, parameters, source, bottom, boundaryIds, trainText, trainLabels, k, backend, progress)
                        .withKey(key));
    }

    /** What {@link #create} builds the mechanism from, without a key; shared by mechanisms that differ only in their parameters or key. */
    public static MechanismContext context(
            String name,
            MechanismParameters parameters,
            ModelSource source,
            BottomModel bottom,
            int[] boundaryIds,
            List<Encoding> trainText,
            int[] trainLabels,
            int k,
            ComputeBackend backend,
            Progress progress) {
        MechanismKind kind = MechanismKind.of(name);
        boolean needsCti = kind.needsCti(parameters);
        EmbeddingSpace dictionary = null;
        KnnGraph graph = null;
        if (kind.needsDictionary(parameters)) {
            DictionaryStore store = new DictionaryStore(CacheDirectory.resolve("dictionaries"));
            String key = source.key();
            dictionary = store.dictionary(
                    key, bottom.splitPoint(), () -> TokenDictionary.compute(bottom, boundaryIds, progress));
            if (kind.needsGraph()) {
                try (Progress.Task task = progress.start("kNN graph", dictionary.rows(), "tokens")) {
                    graph = store.graph(key, bottom.splitPoint(), k, dictionary, backend, task, new boolean[1]);
                }
            }
        }
        CtiScores cti = needsCti
                ? CtiScores.fromCorpus(
                        trainText.stream().map(Encoding::ids).toList(),
                        trainLabels,
                        bottom.shape().vocabSize(),
                        specialIds(trainText))
                : null;
        return new MechanismContext(dictionary, graph, cti, backend, null);
    }

    /** The ids the tokenizer marked special anywhere in {@code encodings} ([CLS], [SEP], ...): never scored by CTI. */
    public static Set<Integer> specialIds(List<Encoding> encodings) {
        Set<Integer> ids = new HashSet<>();
        for (Encoding e : encodings) {
            for (int i = 0; i < e.length(); i++) {
                if (e.special()[i]) {
                    ids.add(e.ids()[i]);
                }
            }
        }
        return ids;
    }
}
