package io.privtune.split.lm;

import io.privtune.split.model.llama.LmTokenizer;
import java.util.List;

/**
 * Token rows an attack reads or learns from, windows in a fixed order: {@code rows} (n x dim), the true token
 * of each row, which rows are not attacked, and where each window starts. For uploads the truth is the token
 * itself (a BOS at position 0, sent as is, skipped); for the gradients the cloud receives it is the next token, the label that position
 * was trained to predict (the window's last position, which predicts nothing, skipped).
 */
public record WindowRows(float[] rows, int[] truth, boolean[] skipped, int[] offsets, int dim) {
    /** Uploads (or clean representations) of {@code windows}, row-major in window order. */
    public static WindowRows ofTokens(float[] rows, List<int[]> windows, int dim) {
        int length = windows.get(0).length;
        int[] truth = LmDevice.ids(windows);
        boolean[] skipped = new boolean[truth.length];
        for (int i = 0; i < truth.length; i++) {
            skipped[i] = truth[i] == LmTokenizer.BOS && i % length == 0; // the rows the device did not perturb
        }
        return new WindowRows(rows, truth, skipped, offsets(windows.size(), length), dim);
    }

    /**
     * Gradients with respect to the cloud's output for {@code windows}, each row scaled to unit length (its size
     * only tells how far training has come), labelled with the next token.
     */
    public static WindowRows ofGradients(float[] gradients, List<int[]> windows, int dim) {
        int length = windows.get(0).length;
        int[] ids = LmDevice.ids(windows);
        int[] truth = new int[ids.length];
        boolean[] skipped = new boolean[ids.length];
        float[] rows = new float[gradients.length];
        for (int i = 0; i < ids.length; i++) {
            boolean last = i % length == length - 1;
            skipped[i] = last;
            truth[i] = last ? ids[i] : ids[i + 1];
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += (double) gradients[i * dim + j] * gradients[i * dim + j];
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int j = 0; j < dim; j++) {
                rows[i * dim + j] = gradients[i * dim + j] * scale;
            }
        }
        return new WindowRows(rows, truth, skipped, offsets(windows.size(), length), dim);
    }

    private static int[] offsets(int windows, int length) {
        int[] offsets = new int[windows + 1];
        for (int s = 0; s <= windows; s++) {
            offsets[s] = s * length;
        }
        return offsets;
    }
}
