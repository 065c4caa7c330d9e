package io.privtune.examples;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.backend.CpuBackend;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.model.BundledModel;
import io.privtune.core.model.EmbeddingLayer;
import io.privtune.core.space.EmbeddingSpace;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the exact kNN graph of a token dictionary (the engine's first hot path), saves it as safetensors and
 * reads it back. Run: {@code java ... io.privtune.examples.BuildGraph [OUT_FILE]}.
 */
public final class BuildGraph {
    private BuildGraph() {}

    public static void main(String[] args) {
        EmbeddingSpace dictionary = EmbeddingLayer.load(
                        BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape())
                .dictionary();
        KnnGraph graph =
                build(dictionary, CpuBackend.INSTANCE, Path.of(args.length > 0 ? args[0] : "out/graph.safetensors"));
        System.out.printf(
                "graph: %d tokens x %d neighbours; nearest to token 7592: %d (cosine %.3f)%n",
                graph.vertices(), graph.k(), graph.neighbour(7592, 0), graph.similarity(7592, 0));
    }

    /** Builds, saves and reloads the graph; any {@link ComputeBackend} (CPU, or CUDA from privtune-cuda) gives the same rows. */
    public static KnnGraph build(EmbeddingSpace dictionary, ComputeBackend backend, Path file) {
        // tag::graph[]
        KnnGraph graph = backend.cosineIndex(dictionary)
                .graph(
                        16,
                        (done, total) ->
                                System.out.printf("\r%d / %d rows", done, total)); // rows by similarity, descending
        graph.save(file, Map.of("dictionary", dictionary.name()));
        KnnGraph again = KnnGraph.load(file); // ids I32 V x k, similarities F32 V x k
        // end::graph[]
        System.out.println();
        return again;
    }
}
