package io.privtune.bench.gpu;

import io.privtune.core.knn.KnnGraph;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.cuda.backend.CudaBackend;
import io.privtune.cuda.backend.SimilarityGemm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What TF32 tensor cores do to the kNN graph's neighbour ids: the graph with cuBLAS FP32 (the default) against
 * {@link SimilarityGemm#CUBLAS_TF32} on the same GPU and dictionary. Prints one JSON object: the share of
 * (row, rank) ids that stay the same, the share of neighbours kept as a set, the share of rows whose list is
 * unchanged, and the largest similarity difference.
 *
 * <p>The dictionary is the fixture's random MiniLM-shaped one (Gaussian rows: cosine similarities crowd near
 * 0, so the gaps between ranks are small and TF32's rounding flips more ids than on trained embeddings),
 * or, given a path, rows of d = 384 little-endian float32 read from that file.
 */
public final class Tf32Neighbours {
    private Tf32Neighbours() {}

    public static void main(String[] args) throws IOException {
        EmbeddingSpace space = args.length > 0 ? read(Path.of(args[0])) : GpuFixture.dictionary();
        KnnGraph fp32;
        KnnGraph tf32;
        long fp32Nanos, tf32Nanos;
        try (CudaBackend backend = CudaBackend.open()) {
            fp32Nanos = System.nanoTime();
            fp32 = backend.cosineIndex(space).graph(GpuFixture.K, ProgressListener.NONE);
            fp32Nanos = System.nanoTime() - fp32Nanos;
        }
        try (CudaBackend backend = CudaBackend.open(0, SimilarityGemm.CUBLAS_TF32)) {
            tf32Nanos = System.nanoTime();
            tf32 = backend.cosineIndex(space).graph(GpuFixture.K, ProgressListener.NONE);
            tf32Nanos = System.nanoTime() - tf32Nanos;
        }
        int rows = space.rows(), k = GpuFixture.K;
        long sameRank = 0, kept = 0, sameRows = 0;
        double largest = 0;
        for (int v = 0; v < rows; v++) {
            Set<Integer> exact = new HashSet<>();
            boolean same = true;
            for (int r = 0; r < k; r++) {
                exact.add(fp32.neighbour(v, r));
                largest = Math.max(largest, Math.abs(fp32.similarity(v, r) - tf32.similarity(v, r)));
                if (fp32.neighbour(v, r) == tf32.neighbour(v, r)) {
                    sameRank++;
                } else {
                    same = false;
                }
            }
            for (int r = 0; r < k; r++) {
                kept += exact.contains(tf32.neighbour(v, r)) ? 1 : 0;
            }
            sameRows += same ? 1 : 0;
        }
        double edges = (double) rows * k;
        System.out.printf(
                Locale.ROOT,
                "{%n  \"dictionary\": \"%s\",%n  \"rows\": %d,%n  \"dim\": %d,%n  \"k\": %d,%n"
                        + "  \"same_id_at_same_rank\": %.5f,%n  \"neighbours_kept\": %.5f,%n"
                        + "  \"rows_unchanged\": %.5f,%n  \"largest_similarity_difference\": %.3g,%n"
                        + "  \"first_call_ms_fp32\": %.1f,%n  \"first_call_ms_tf32\": %.1f%n}%n",
                args.length > 0 ? args[0] : "random MiniLM-shaped (GpuFixture)",
                rows,
                space.dim(),
                k,
                sameRank / edges,
                kept / edges,
                sameRows / (double) rows,
                largest,
                fp32Nanos / 1e6,
                tf32Nanos / 1e6);
    }

    private static EmbeddingSpace read(Path file) throws IOException {
        long bytes = Files.size(file);
        int d = GpuFixture.DIM;
        if (bytes == 0 || bytes % (4L * d) != 0) {
            throw new IllegalArgumentException(file + ": expected rows of " + d + " float32 values (a multiple of "
                    + 4 * d + " bytes), found " + bytes + " bytes");
        }
        float[] values = new float[(int) (bytes / 4)];
        ByteBuffer.wrap(Files.readAllBytes(file))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(values);
        return EmbeddingSpace.fromArray(file.getFileName().toString(), values, values.length / d, d);
    }
}
