package io.privtune.cli;

import io.privtune.split.qa.QaFineTuner;
import io.privtune.split.qa.QaOptions;
import io.privtune.split.qa.QaSummary;
import io.privtune.split.train.FineTuneSettings;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code finetune --task squad}: extractive QA on SQuAD v1.1 with the flags {@code finetune} shares (its QA flags,
 * {@link Options}, are {@code experiment --task squad}'s too), {@code --max-length} being the window length (192 unless given: the classification default of 64 leaves no room for a
 * context) and {@code --train-subset} counting questions.
 */
final class QaFinetune {
    /** The window length when --max-length is not given. */
    static final int DEFAULT_WINDOW = 192;

    /** The flags only extractive QA has. */
    static final class Options {
        @Option(names = "--doc-stride", description = "context tokens between successive windows' starts (default: 64)")
        Integer docStride;

        @Option(names = "--max-question", description = "question tokens kept (default: 64)")
        Integer maxQuestion;

        @Option(names = "--max-answer", description = "longest answer span read, in tokens (default: 30)")
        Integer maxAnswer;

        @Option(
                names = "--eval-questions",
                description = "a fixed sample of the evaluation questions (default: 0 = all)")
        Integer evaluationQuestions;

        @Option(
                names = "--qa-upload",
                description =
                        "separate: question and context chunks are separate uploads, each context token sent once "
                                + "(default); joint: BERT's overlapping windows through the bottom as one text, the paragraph "
                                + "sent again with every question, under new noise")
        String upload;

        boolean given() {
            return docStride != null
                    || maxQuestion != null
                    || maxAnswer != null
                    || evaluationQuestions != null
                    || upload != null;
        }

        /** For a task other than squad: any of these flags is a mistake, named as one. */
        void refuseGiven() {
            if (given()) {
                throw new IllegalArgumentException("--doc-stride, --max-question, --max-answer, --eval-questions and "
                        + "--qa-upload are for --task squad only");
            }
        }

        QaOptions options() {
            QaOptions d = QaOptions.defaults();
            if (docStride != null && (upload == null || mode(upload) == QaOptions.Upload.SEPARATE)) {
                throw new IllegalArgumentException(
                        "--doc-stride sets how far joint windows overlap; separate chunks never overlap: add "
                                + "--qa-upload joint or drop --doc-stride");
            }
            return new QaOptions(
                    docStride != null ? docStride : d.docStride(),
                    maxQuestion != null ? maxQuestion : d.maxQuestionTokens(),
                    maxAnswer != null ? maxAnswer : d.maxAnswerTokens(),
                    evaluationQuestions != null ? evaluationQuestions : d.evaluationQuestions(),
                    upload == null ? d.upload() : mode(upload));
        }

        private static QaOptions.Upload mode(String name) {
            return switch (name) {
                case "separate" -> QaOptions.Upload.SEPARATE;
                case "joint" -> QaOptions.Upload.JOINT;
                default ->
                    throw new IllegalArgumentException("--qa-upload must be separate or joint, found '" + name + "'");
            };
        }
    }

    private final FinetuneCommand c;

    QaFinetune(FinetuneCommand command) {
        this.c = command;
    }

    int call() {
        boolean lengthGiven =
                c.spec != null && c.spec.commandLine().getParseResult().hasMatchedOption("--max-length");
        if (!lengthGiven) {
            c.maxLength = DEFAULT_WINDOW;
        }
        FineTuneSettings settings = c.settings();
        QaSummary summary = new QaFineTuner(c.backend.get(), ConsoleProgress::new)
                .run(
                        settings,
                        c.qa.options(),
                        c.noise.settings(c.out.resolve("noise.key"), EpochNoiseOption.parse(c.epochNoise)));
        System.out.printf(
                Locale.ROOT,
                "%nsquad (%s): exact match %.2f%%, F1 %.2f%% on %d questions  (%s, m = %d, mechanism %s, %d steps, "
                        + "%.0f s training, %.1f windows/s)%n",
                summary.evaluationSplit(),
                100 * summary.exactMatch(),
                100 * summary.f1(),
                summary.evaluationQuestions(),
                summary.model(),
                summary.splitPoint(),
                summary.mechanism(),
                summary.steps(),
                summary.trainSeconds(),
                summary.windowsPerSecond());
        System.out.println("privacy: " + summary.privacyStatement());
        System.out.printf(
                Locale.ROOT,
                "each training context token went up in %.1f distinct uploads on average (at most %d), each under its "
                        + "own noise%n",
                summary.meanContextReleases(),
                summary.maxContextReleases());
        System.out.println(summary.noise());
        System.out.println(
                "summary: " + c.out.resolve("summary.json").toAbsolutePath().normalize());
        return 0;
    }
}
