package io.privtune.split.internal.store;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.io.EmbeddingSpaceFiles;
import io.privtune.core.io.SafetensorsException;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-disk cache of token dictionaries R and kNN graphs G (docs/DESIGN.md §3.1), as safetensors files named by
 * model fingerprint, split point m and k. A corrupt entry is reported and rebuilt, never used.
 */
public final class DictionaryStore {
    private static final Logger LOG = LoggerFactory.getLogger(DictionaryStore.class);
    private final Path folder;

    public DictionaryStore(Path folder) {
        this.folder = folder;
    }

    public Path dictionaryFile(String modelKey, int m) {
        return folder.resolve(modelKey + "-m" + m + "-dictionary.safetensors");
    }

    public Path graphFile(String modelKey, int m, int k) {
        return folder.resolve(modelKey + "-m" + m + "-k" + k + "-graph.safetensors");
    }

    public EmbeddingSpace dictionary(String modelKey, int m, Supplier<EmbeddingSpace> compute) {
        Path file = dictionaryFile(modelKey, m);
        if (Files.isRegularFile(file)) {
            try {
                return EmbeddingSpaceFiles.load(file);
            } catch (SafetensorsException e) {
                LOG.warn("ignoring unreadable cache entry (" + e.getMessage() + "); rebuilding it");
            }
        }
        EmbeddingSpace space = compute.get();
        EmbeddingSpaceFiles.save(space, file, Map.of("model", modelKey, "m", Integer.toString(m)));
        return space;
    }

    /** The cached graph, or a new one built by {@code backend} and stored; {@code built[0]} tells which. */
    public KnnGraph graph(
            String modelKey,
            int m,
            int k,
            EmbeddingSpace dictionary,
            ComputeBackend backend,
            ProgressListener progress,
            boolean[] built) {
        Path file = graphFile(modelKey, m, k);
        if (Files.isRegularFile(file)) {
            try {
                KnnGraph graph = KnnGraph.load(file);
                if (graph.vertices() == dictionary.rows() && graph.k() == k) {
                    built[0] = false;
                    return graph;
                }
                LOG.warn("cached graph " + file + " does not match the dictionary; rebuilding it");
            } catch (SafetensorsException e) {
                LOG.warn("ignoring unreadable cache entry (" + e.getMessage() + "); rebuilding it");
            }
        }
        KnnGraph graph = backend.cosineIndex(dictionary).graph(k, progress);
        graph.save(file, Map.of("model", modelKey, "m", Integer.toString(m)));
        built[0] = true;
        return graph;
    }
}
