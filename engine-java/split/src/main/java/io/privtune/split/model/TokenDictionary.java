package io.privtune.split.model;

import io.privtune.core.progress.Progress;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.split.text.Encoding;
import java.util.ArrayList;
import java.util.List;

/**
 * The token dictionary R for (model, m) (docs/DESIGN.md §3.1): R_v = bottom([CLS] v [SEP]) at position 1,
 * computed in batches through the frozen bottom model. Also what the knn attacker inverts with.
 */
public final class TokenDictionary {
    private static final int BATCH = 1024;

    private TokenDictionary() {}

    public static EmbeddingSpace compute(BottomModel bottom, int[] boundaryIds, Progress progress) {
        int vocabulary = bottom.shape().vocabSize();
        int d = bottom.shape().hidden();
        float[] rows = new float[vocabulary * d];
        try (Progress.Task task =
                progress.start("dictionary R (m = " + bottom.splitPoint() + ")", vocabulary, "tokens")) {
            for (int start = 0; start < vocabulary; start += BATCH) {
                int end = Math.min(vocabulary, start + BATCH);
                List<Encoding> sequences = new ArrayList<>(end - start);
                for (int v = start; v < end; v++) {
                    sequences.add(new Encoding(
                            new int[] {boundaryIds[0], v, boundaryIds[1]}, new boolean[] {true, false, true}));
                }
                float[] hidden = bottom.forward(PaddedBatch.of(sequences)).hidden();
                for (int v = start; v < end; v++) {
                    System.arraycopy(hidden, ((v - start) * 3 + 1) * d, rows, v * d, d);
                }
                task.advance(end, vocabulary);
            }
        }
        return EmbeddingSpace.fromArray("dictionary(m=" + bottom.splitPoint() + ")", rows, vocabulary, d);
    }
}
