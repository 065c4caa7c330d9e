package io.privtune.cli;

import io.privtune.core.internal.hop.HopSets;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.model.BundledModel;
import io.privtune.core.model.EmbeddingLayer;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "graph",
        mixinStandardHelpOptions = true,
        description =
                "Build the exact kNN graph of all-MiniLM-L6-v2's token dictionary (split m = 0) and write it as safetensors.")
final class GraphCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    BackendOption backend = new BackendOption();

    @Option(names = "--k", description = "neighbours per token (default: ${DEFAULT-VALUE})", defaultValue = "16")
    int k;

    @Option(
            names = "--hops",
            description = "report n-hop set sizes for this n (default: ${DEFAULT-VALUE})",
            defaultValue = "2")
    int hops;

    @Option(
            names = "--out",
            description = "output file (default: ${DEFAULT-VALUE})",
            defaultValue = "out/minilm-m0-graph.safetensors")
    Path out;

    @Override
    public Integer call() {
        BundledModel model = BundledModel.ALL_MINILM_L6_V2;
        EmbeddingSpace dictionary =
                EmbeddingLayer.load(model.onnxFile(), model.shape()).dictionary();
        long start = System.nanoTime();
        KnnGraph graph;
        try (ConsoleProgress bar = new ConsoleProgress("kNN graph", dictionary.rows(), "tokens")) {
            graph = backend.get().cosineIndex(dictionary).graph(k, bar);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double gflop = 2.0 * dictionary.rows() * (double) dictionary.rows() * dictionary.dim() / 1e9;
        System.out.printf(
                "graph of %d tokens, k = %d: %.2f s (%.0f GFLOP/s of cosine scoring) on %s%n",
                dictionary.rows(), k, seconds, gflop / seconds, backend.get().name());
        HopSets hopSets = new HopSets(graph, hops);
        int fallbacks = hopSets.computeAll(ProgressListener.NONE);
        System.out.printf(
                "%d-hop sets: %d of %d tokens fell back to a smaller hop%n", hops, fallbacks, graph.vertices());
        graph.save(out, Map.of("model", model.id(), "m", "0"));
        System.out.println("wrote " + out.toAbsolutePath().normalize());
        return 0;
    }
}
