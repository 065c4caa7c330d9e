package io.privtune.core.knn;

import io.privtune.core.io.DType;
import io.privtune.core.io.SafetensorsException;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.SafetensorsWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * The exact kNN graph G of a dictionary (docs/DESIGN.md §3.2): for every row v, its k most cosine-similar
 * other rows, sorted by similarity descending (ties by id ascending). Stored in safetensors as
 * {@code ids} (I32, V x k) and {@code similarities} (F32, V x k).
 */
public final class KnnGraph {
    private final NeighbourLists lists;

    public KnnGraph(NeighbourLists lists) {
        this.lists = lists;
        for (int v = 0; v < lists.rows(); v++) {
            for (int i = 0; i < lists.k(); i++) {
                int id = lists.id(v, i);
                if (id < 0 || id >= lists.rows() || id == v) {
                    throw new IllegalArgumentException("kNN graph row " + v + ", rank " + i + ": neighbour id " + id
                            + " is " + (id == v ? "the row itself" : "outside [0, " + lists.rows() + ")"));
                }
                if (i > 0 && lists.similarity(v, i) > lists.similarity(v, i - 1)) {
                    throw new IllegalArgumentException(
                            "kNN graph row " + v + " is not sorted by similarity at rank " + i);
                }
            }
        }
    }

    public int vertices() {
        return lists.rows();
    }

    public int k() {
        return lists.k();
    }

    public int neighbour(int v, int rank) {
        return lists.id(v, rank);
    }

    public float similarity(int v, int rank) {
        return lists.similarity(v, rank);
    }

    public NeighbourLists lists() {
        return lists;
    }

    public void save(Path path, Map<String, String> metadata) {
        SafetensorsWriter writer = new SafetensorsWriter()
                .addI32("ids", lists.ids(), lists.rows(), lists.k())
                .addF32("similarities", lists.similarities(), lists.rows(), lists.k())
                .metadata("kind", "privtune.knn-graph")
                .metadata("k", Integer.toString(lists.k()));
        metadata.forEach(writer::metadata);
        writer.write(path);
    }

    public static KnnGraph load(Path path) {
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            var ids = file.tensor("ids");
            if (ids.shape().length != 2) {
                throw new SafetensorsException(path.toString(), "tensor 'ids' must be 2-D (V x k)");
            }
            long v = ids.shape()[0];
            long k = ids.shape()[1];
            int[] idArray = file.tensor("ids", DType.I32, v, k).toIntArray();
            float[] sims = file.tensor("similarities", DType.F32, v, k).toFloatArray();
            try {
                return new KnnGraph(new NeighbourLists((int) v, (int) k, idArray, sims));
            } catch (IllegalArgumentException e) {
                throw new SafetensorsException(path.toString(), e.getMessage());
            }
        }
    }
}
