package io.privtune.split.qa;

import java.util.List;

/**
 * Reads an answer from a question's windows: the context span (start ≤ end, at most {@code maxAnswerTokens} long)
 * with the highest start + end logit over all its windows, as the context's own text between the span's first
 * and last piece. SQuAD v1.1 always has an answer, so [CLS] is never chosen.
 */
public final class SpanDecoder {
    /** The best span of a question: its text, its score (start + end logit) and where it came from. */
    public record Span(String text, double score, int window, int start, int end) {}

    private final int maxAnswerTokens;

    public SpanDecoder(int maxAnswerTokens) {
        if (maxAnswerTokens < 1) {
            throw new IllegalArgumentException("max answer length must be >= 1 token, found " + maxAnswerTokens);
        }
        this.maxAnswerTokens = maxAnswerTokens;
    }

    /**
     * @param windows     the question's windows
     * @param startLogits per window, one start logit per position
     * @param endLogits   per window, one end logit per position
     * @param context     the question's context, which the windows' character spans index
     */
    public Span best(List<QaWindow> windows, List<float[]> startLogits, List<float[]> endLogits, String context) {
        Span best = null;
        for (int w = 0; w < windows.size(); w++) {
            QaWindow window = windows.get(w);
            float[] start = startLogits.get(w);
            float[] end = endLogits.get(w);
            for (int s = 0; s < window.length(); s++) {
                if (!window.inContext(s)) {
                    continue;
                }
                for (int e = s; e < Math.min(window.length(), s + maxAnswerTokens); e++) {
                    if (!window.inContext(e)) {
                        break; // the context is one run of positions; past it only [SEP]
                    }
                    double score = start[s] + end[e];
                    if (best == null || score > best.score()) {
                        best = new Span(context.substring(window.charStart()[s], window.charEnd()[e]), score, w, s, e);
                    }
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no window holds any context token");
        }
        return best;
    }
}
