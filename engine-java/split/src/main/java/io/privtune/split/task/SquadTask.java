package io.privtune.split.task;

import io.privtune.split.data.SquadDataset;
import io.privtune.split.data.StratifiedSplit;
import java.nio.file.Path;
import java.util.List;

/**
 * SQuAD v1.1 as a fine-tuning task ({@code --task squad}): only the development set exists here, so it is cut by
 * article, {@link #EVALUATION_ARTICLES} of its 48 articles (drawn with the fixed split seed) for evaluation and the
 * rest for fine-tuning. Questions on one paragraph share its text, so no paragraph is on both sides.
 */
public final class SquadTask {
    public static final String NAME = "squad";
    public static final String FOLDER = "squad_v1.1";
    public static final String FILE = "dev-v1.1.json";
    public static final int EVALUATION_ARTICLES = 10;

    /** The training and evaluation questions, each with its context and gold answers. */
    public record Splits(List<SquadDataset.Question> train, List<SquadDataset.Question> evaluation) {}

    private SquadTask() {}

    public static Path defaultData() {
        return ClassificationTask.DATA_ROOT.resolve(FOLDER);
    }

    /** What the evaluation split is, for logs and reports. */
    public static String evaluationSplit() {
        return EVALUATION_ARTICLES + " of the dev set's 48 articles (split by article)";
    }

    /** Reads {@code data}/dev-v1.1.json and splits it by article. */
    public static Splits load(Path data) {
        StratifiedSplit.Parts<SquadDataset.Article> parts = SquadDataset.split(
                SquadDataset.read(data.resolve(FILE)), EVALUATION_ARTICLES, ClassificationTask.SPLIT_SEED);
        return new Splits(questions(parts.train()), questions(parts.test()));
    }

    private static List<SquadDataset.Question> questions(List<SquadDataset.Article> articles) {
        return articles.stream().flatMap(a -> a.questions().stream()).toList();
    }
}
