package io.privtune.split.lm;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cloud kept of one epoch of training: every upload and every gradient, put back in the windows'
 * own order (training shuffles them), so that attacks score the same tokens in the same order for every seed.
 */
final class CloudRecorder implements SplitLmFineTuner.Observer {
    private final Map<int[], Integer> index = new IdentityHashMap<>();
    private final List<int[]> windows;
    private final int epoch;
    private final int rowFloats;
    final float[] uploads;
    final float[] gradients;

    CloudRecorder(List<int[]> windows, int dim, int epoch) {
        this.windows = windows;
        this.epoch = epoch;
        for (int i = 0; i < windows.size(); i++) {
            index.put(windows.get(i), i);
        }
        this.rowFloats = windows.get(0).length * dim;
        this.uploads = new float[windows.size() * rowFloats];
        this.gradients = new float[windows.size() * rowFloats];
    }

    @Override
    public void step(List<int[]> batch, LmUpload upload, float[] gradient, int at) {
        if (at != epoch) {
            return;
        }
        for (int b = 0; b < batch.size(); b++) {
            int w = index.get(batch.get(b));
            System.arraycopy(upload.representations(), b * rowFloats, uploads, w * rowFloats, rowFloats);
            System.arraycopy(gradient, b * rowFloats, gradients, w * rowFloats, rowFloats);
        }
    }

    WindowRows uploadRows(int dim) {
        return WindowRows.ofTokens(uploads, windows, dim);
    }

    WindowRows gradientRows(int dim) {
        return WindowRows.ofGradients(gradients, windows, dim);
    }
}
