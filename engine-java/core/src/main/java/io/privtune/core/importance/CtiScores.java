package io.privtune.core.importance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * SAP's contributing-token importance (docs/DESIGN.md §3.7): U(t, c) = Σ_{c'≠c} log(P(t|c) / P(t|c')), with
 * P(t|c) the frequency of t among the tokens of class-c examples, floored at 1e-10, then min–max scaled
 * to [0, 1] within each class over the tokens seen in training. A token's importance is its largest
 * scaled score over classes, which needs no label at use time (so it also works at inference). The same counts give
 * each token's class profile, which prediction-consistent targets compare ({@link #profileDistance}).
 */
public final class CtiScores {
    private static final double FLOOR = 1e-10;

    private final int vocabulary;
    private final int classes;
    /** raw[c * V + t] = U(t, c); NaN for tokens never seen in training. */
    private final double[] raw;

    private final float[] importance;
    /** profile[t * classes + c] = P(c | t) under a uniform class prior, from add-one smoothed P(t | c). */
    private final float[] profile;

    private CtiScores(int vocabulary, int classes, double[] raw, float[] importance, float[] profile) {
        this.vocabulary = vocabulary;
        this.classes = classes;
        this.raw = raw;
        this.importance = importance;
        this.profile = profile;
    }

    /**
     * Scores from labelled token sequences. {@code excluded} ids (the special tokens) get no score.
     * Labels must be 0 .. classes−1 with at least two classes present.
     */
    public static CtiScores fromCorpus(List<int[]> sequences, int[] labels, int vocabulary, Set<Integer> excluded) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("CTI needs at least one labelled sequence, found none");
        }
        if (sequences.size() != labels.length) {
            throw new IllegalArgumentException("CTI needs one label per sequence: " + sequences.size() + " sequences, "
                    + labels.length + " labels");
        }
        int classes = Arrays.stream(labels).max().orElse(0) + 1;
        if (Arrays.stream(labels).anyMatch(l -> l < 0)) {
            throw new IllegalArgumentException("CTI labels must be >= 0");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("CTI needs at least two classes, found labels 0.." + (classes - 1));
        }
        long[] counts = new long[classes * vocabulary];
        long[] totals = new long[classes];
        boolean[] seen = new boolean[vocabulary];
        for (int s = 0; s < labels.length; s++) {
            for (int t : sequences.get(s)) {
                if (t < 0 || t >= vocabulary) {
                    throw new IllegalArgumentException(
                            "sequence " + s + ": token id " + t + " is outside [0, " + vocabulary + ")");
                }
                if (excluded.contains(t)) {
                    continue;
                }
                counts[labels[s] * vocabulary + t]++;
                totals[labels[s]]++;
                seen[t] = true;
            }
        }
        for (int c = 0; c < classes; c++) {
            if (totals[c] == 0) {
                throw new IllegalArgumentException(
                        "CTI: class " + c + " has no tokens; every class 0.." + (classes - 1) + " needs examples");
            }
        }
        double[] raw = new double[classes * vocabulary];
        Arrays.fill(raw, Double.NaN);
        float[] importance = new float[vocabulary];
        for (int c = 0; c < classes; c++) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < vocabulary; t++) {
                if (!seen[t]) {
                    continue;
                }
                double own = Math.log(Math.max(FLOOR, (double) counts[c * vocabulary + t] / totals[c]));
                double u = 0;
                for (int other = 0; other < classes; other++) {
                    if (other != c) {
                        u += own - Math.log(Math.max(FLOOR, (double) counts[other * vocabulary + t] / totals[other]));
                    }
                }
                raw[c * vocabulary + t] = u;
                min = Math.min(min, u);
                max = Math.max(max, u);
            }
            for (int t = 0; t < vocabulary; t++) {
                if (seen[t]) {
                    double scaled = max > min ? (raw[c * vocabulary + t] - min) / (max - min) : 0;
                    importance[t] = (float) Math.max(importance[t], scaled);
                }
            }
        }
        return new CtiScores(vocabulary, classes, raw, importance, profiles(counts, totals, vocabulary, classes));
    }

    /**
     * P(c | t) ∝ P(t | c) with P(t | c) = (n(t, c) + 1) / (N_c + V): add-one smoothing, so a token seen once leans
     * toward its class without claiming it outright, and a token never seen gets a near-uniform profile. The uniform
     * prior keeps the profile a property of the token, not of the class balance.
     */
    private static float[] profiles(long[] counts, long[] totals, int vocabulary, int classes) {
        float[] profile = new float[vocabulary * classes];
        double[] p = new double[classes];
        for (int t = 0; t < vocabulary; t++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[c] = (counts[c * vocabulary + t] + 1.0) / (totals[c] + vocabulary);
                sum += p[c];
            }
            for (int c = 0; c < classes; c++) {
                profile[t * classes + c] = (float) (p[c] / sum);
            }
        }
        return profile;
    }

    public int vocabulary() {
        return vocabulary;
    }

    public int classes() {
        return classes;
    }

    /** U(t, c), or NaN when t never occurred in training. */
    public double score(int token, int label) {
        return raw[label * vocabulary + token];
    }

    /** max_c of the per-class scaled score, in [0, 1]; 0 for tokens never seen. */
    public float importance(int token) {
        return importance[token];
    }

    /** P(c | t): the share of class c in token t's smoothed class profile (the profiles of a token sum to 1). */
    public float classShare(int token, int label) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("class " + label + " is outside [0, " + classes + ")");
        }
        return profile[token * classes + label];
    }

    /**
     * Total-variation distance between the class profiles of tokens {@code a} and {@code b}, in [0, 1]: 0 when the
     * training labels cannot tell them apart, 1 when each occurs only with classes the other never does.
     */
    public double profileDistance(int a, int b) {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.abs(profile[a * classes + c] - profile[b * classes + c]);
        }
        return sum / 2;
    }

    /** The union over classes of each class's {@code perClass} highest-U tokens (SAP's unperturbed set). */
    public Set<Integer> topTokens(int perClass) {
        if (perClass < 0) {
            throw new IllegalArgumentException("top tokens per class must be >= 0, found " + perClass);
        }
        Set<Integer> top = new java.util.TreeSet<>();
        for (int c = 0; c < classes; c++) {
            List<Integer> seenTokens = new ArrayList<>();
            for (int t = 0; t < vocabulary; t++) {
                if (!Double.isNaN(raw[c * vocabulary + t])) {
                    seenTokens.add(t);
                }
            }
            final int cls = c;
            seenTokens.sort((a, b) -> {
                int byScore = Double.compare(raw[cls * vocabulary + b], raw[cls * vocabulary + a]);
                return byScore != 0 ? byScore : Integer.compare(a, b);
            });
            top.addAll(seenTokens.subList(0, Math.min(perClass, seenTokens.size())));
        }
        return top;
    }
}
