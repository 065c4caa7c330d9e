package io.privtune.split.demo;

import io.privtune.core.model.EmbeddingLayer;
import io.privtune.split.text.Encoding;

import java.util.List;

/**
 * Sentences pushed through the m = 0 bottom model and flattened to tokens: what the device would
 * perturb and upload (representations), and what stays on the device (ids).
 */
record EncodedTokens(float[] representations, int[] ids, boolean[] special, int dim) {
    static EncodedTokens of(List<Encoding> sentences, EmbeddingLayer bottom) {
        int total = sentences.stream().mapToInt(Encoding::length).sum();
        int d = bottom.dim();
        float[] reps = new float[total * d];
        int[] ids = new int[total];
        boolean[] special = new boolean[total];
        int at = 0;
        for (Encoding e : sentences) {
            System.arraycopy(bottom.forward(e.ids()), 0, reps, at * d, e.length() * d);
            System.arraycopy(e.ids(), 0, ids, at, e.length());
            System.arraycopy(e.special(), 0, special, at, e.length());
            at += e.length();
        }
        return new EncodedTokens(reps, ids, special, d);
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
