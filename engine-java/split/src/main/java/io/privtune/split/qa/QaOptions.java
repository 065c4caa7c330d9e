package io.privtune.split.qa;

/**
 * What only extractive QA needs beside {@link io.privtune.split.train.FineTuneSettings} (whose {@code maxLength} is
 * the window length and whose {@code trainSubset} counts questions).
 *
 * @param docStride           context tokens between the starts of successive windows
 * @param maxQuestionTokens   a longer question is cut
 * @param maxAnswerTokens     the longest span the decoder reads
 * @param evaluationQuestions a fixed sample of the evaluation questions (the same in every run and seed); 0 = all
 */
public record QaOptions(int docStride, int maxQuestionTokens, int maxAnswerTokens, int evaluationQuestions) {
    public QaOptions {
        if (docStride < 1 || maxQuestionTokens < 1 || maxAnswerTokens < 1 || evaluationQuestions < 0) {
            throw new IllegalArgumentException("QA options: need doc stride, question and answer limits >= 1 and "
                    + "evaluation questions >= 0 (0 = all), found " + docStride + ", " + maxQuestionTokens + ", "
                    + maxAnswerTokens + ", " + evaluationQuestions);
        }
    }

    /** BERT's run_squad proportions at a 2-core budget: 64-token question limit, 30-token answers, stride 64. */
    public static QaOptions defaults() {
        return new QaOptions(64, 64, 30, 0);
    }
}
