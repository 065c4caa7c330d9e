package io.privtune.split.qa;

/**
 * What only extractive QA needs beside {@link io.privtune.split.train.FineTuneSettings} (whose {@code maxLength} is
 * the window length and whose {@code trainSubset} counts questions).
 *
 * @param docStride           context tokens between the starts of successive joint windows (separate chunks never
 *                            overlap)
 * @param maxQuestionTokens   a longer question is cut
 * @param maxAnswerTokens     the longest span the decoder reads
 * @param evaluationQuestions a fixed sample of the evaluation questions (the same in every run and seed); 0 = all
 */
public record QaOptions(
        int docStride, int maxQuestionTokens, int maxAnswerTokens, int evaluationQuestions, Upload upload) {
    /**
     * How a window travels. SEPARATE: the question ([CLS] q [SEP]) and a chunk of its context (chunk [SEP]) are
     * two texts, each through the bottom and the mechanism on its own; a context is cut into fixed chunks that do
     * not depend on the question, so every chunk is one upload, the same bytes for every question on its paragraph,
     * and the cloud holds one perturbed copy of each context token. Question and context meet only in the cloud's
     * layers, and an answer across a chunk boundary cannot be read. JOINT: BERT's usual window through the bottom as
     * one text, overlapping by the doc stride: each question's windows carry the paragraph again under new noise,
     * so the cloud holds several copies of each context token to average.
     */
    public enum Upload {
        SEPARATE,
        JOINT
    }

    public QaOptions {
        if (upload == null) {
            throw new IllegalArgumentException("QA options: the upload mode (separate or joint) must be set");
        }
        if (docStride < 1 || maxQuestionTokens < 1 || maxAnswerTokens < 1 || evaluationQuestions < 0) {
            throw new IllegalArgumentException("QA options: need doc stride, question and answer limits >= 1 and "
                    + "evaluation questions >= 0 (0 = all), found " + docStride + ", " + maxQuestionTokens + ", "
                    + maxAnswerTokens + ", " + evaluationQuestions);
        }
    }

    /**
     * BERT's run_squad proportions at a 2-core budget (64-token question limit, 30-token answers, stride 64 for
     * joint windows), each context token uploaded once.
     */
    public static QaOptions defaults() {
        return new QaOptions(64, 64, 30, 0, Upload.SEPARATE);
    }
}
