package io.privtune.split.demo;

import io.privtune.split.model.BottomModel;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.text.Encoding;

import java.util.List;

/**
 * Sentences pushed through the bottom model and flattened to tokens: what the device would perturb
 * and upload (representations, with attention importance when m &ge; 1), and what stays on the device (ids).
 */
record EncodedTokens(float[] representations, int[] ids, boolean[] special, float[] importance, int dim) {
    private static final int BATCH = 64;

    static EncodedTokens of(List<Encoding> sentences, BottomModel bottom) {
        int total = sentences.stream().mapToInt(Encoding::length).sum();
        int d = bottom.shape().hidden();
        float[] reps = new float[total * d];
        int[] ids = new int[total];
        boolean[] special = new boolean[total];
        float[] importance = bottom.splitPoint() > 0 ? new float[total] : null;
        int at = 0;
        for (int start = 0; start < sentences.size(); start += BATCH) {
            List<Encoding> chunk = sentences.subList(start, Math.min(sentences.size(), start + BATCH));
            PaddedBatch batch = PaddedBatch.of(chunk);
            BottomModel.Output out = bottom.forward(batch);
            for (int s = 0; s < chunk.size(); s++) {
                Encoding e = chunk.get(s);
                int row = s * batch.length();
                System.arraycopy(out.hidden(), row * d, reps, at * d, e.length() * d);
                System.arraycopy(e.ids(), 0, ids, at, e.length());
                System.arraycopy(e.special(), 0, special, at, e.length());
                if (importance != null) {
                    for (int i = 0; i < e.length(); i++) {
                        importance[at + i] = Math.min(1f, Math.max(0f, out.importance()[row + i]));
                    }
                }
                at += e.length();
            }
        }
        return new EncodedTokens(reps, ids, special, importance, d);
    }

    int tokens() { return ids.length; }

    int attackedTokens() {
        int n = 0;
        for (boolean s : special) {
            n += s ? 0 : 1;
        }
        return n;
    }

    /** Mean cos(uploaded_i, h_i) over non-special tokens: how much of each representation's direction survives. */
    double meanCosine(float[] uploaded) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < ids.length; i++) {
            if (special[i]) {
                continue;
            }
            double dot = 0, a = 0, b = 0;
            for (int j = 0; j < dim; j++) {
                double x = uploaded[i * dim + j];
                double y = representations[i * dim + j];
                dot += x * y;
                a += x * x;
                b += y * y;
            }
            sum += dot / Math.sqrt(a * b);
            count++;
        }
        return sum / count;
    }

    double meanNorm() {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < ids.length; i++) {
            if (!special[i]) {
                double s = 0;
                for (int j = 0; j < dim; j++) {
                    s += representations[i * dim + j] * representations[i * dim + j];
                }
                sum += Math.sqrt(s);
                count++;
            }
        }
        return sum / count;
    }
}
