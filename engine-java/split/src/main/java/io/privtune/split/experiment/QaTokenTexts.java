package io.privtune.split.experiment;

import io.privtune.core.progress.Progress;
import io.privtune.split.attack.DisjointText;
import io.privtune.split.data.SquadDataset;
import io.privtune.split.qa.QaFineTuner;
import io.privtune.split.qa.QaWindows;
import io.privtune.split.task.SquadTask;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import io.privtune.split.train.PrivateFineTuner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The token attacks' texts for extractive QA, in the cell's window layout ({@link QaWindows}): the victim's are the
 * distinct texts the device uploads for the evaluation questions the QA tuner scores (each question and each context
 * chunk once, or each joint window), so the attacks read what the cell's cloud received at evaluation. The attacker's
 * are the same kind of texts made from training paragraphs none of whose questions is in any seed's fine-tuning
 * sample, minus any text the victim uploads (by tokens, {@link DisjointText}), sampled to
 * {@link AttackSettings#auxiliarySentences} texts.
 */
final class QaTokenTexts {
    /**
     * The chosen texts, and every victim text as a string (questions and paragraphs): the attribute pool leaves them
     * out where it is the task's own texts (QA's attribute texts are TrustPilot's, so there it changes nothing).
     */
    record Chosen(AttackCorpora.TokenTexts tokens, Set<String> victimSeen) {}

    private QaTokenTexts() {}

    static Chosen choose(SquadTask.Splits splits, ExperimentSettings s, Path tokenizerFile, Progress progress) {
        List<SquadDataset.Question> evaluation = QaFineTuner.evaluationQuestions(splits, s.qa());
        Set<SquadDataset.Question> trained = new LinkedHashSet<>();
        for (long seed = s.seed(); seed < s.seed() + s.seeds(); seed++) {
            trained.addAll(QaFineTuner.trainingQuestions(splits, s.trainSubset(), seed));
        }
        List<SquadDataset.Question> unused = unusedParagraphs(splits.train(), trained);
        if (unused.isEmpty()) {
            throw new IllegalArgumentException("experiment --task squad: every training paragraph is in some seed's "
                    + "fine-tuning sample, so none is left for the attacker; fine-tune on fewer questions "
                    + "(--train-subset, now " + s.trainSubset() + ") or with fewer seeds (--seeds, now " + s.seeds()
                    + "; the samples of every seed are left out)");
        }
        try (WordPieceTokenizer tokenizer = WordPieceTokenizer.openUncut(tokenizerFile)) {
            QaWindows windows = new QaWindows(tokenizer, tokenizer.boundaryIds(), s.maxLength(), s.qa());
            List<Encoding> victim =
                    QaWindows.distinctTexts(windows.of(evaluation, progress, "windows victim evaluation"));
            Set<String> victimKeys = new HashSet<>(keys(victim));
            // the victim's own training uploads are the victim's text too, whichever seed sent them
            victimKeys.addAll(keys(
                    QaWindows.distinctTexts(windows.of(List.copyOf(trained), progress, "windows victim training"))));
            DisjointText.Filtered<Encoding> candidates = DisjointText.excluding(
                    QaWindows.distinctTexts(windows.of(unused, progress, "windows attacker paragraphs")),
                    QaWindows::key,
                    victimKeys);
            List<Encoding> attacker =
                    PrivateFineTuner.sample(candidates.rows(), s.attacks().auxiliarySentences(), s.seed() + 1);
            DisjointText.requireDisjoint("token inversion (QA uploads)", keys(attacker), victimKeys);
            Set<String> victimSeen = new HashSet<>();
            for (SquadDataset.Question q : evaluation) {
                victimSeen.add(q.question());
                victimSeen.add(q.context());
            }
            for (SquadDataset.Question q : trained) {
                victimSeen.add(q.question());
                victimSeen.add(q.context());
            }
            String layout = s.qa().upload().name().toLowerCase(java.util.Locale.ROOT);
            return new Chosen(
                    new AttackCorpora.TokenTexts(
                            victim,
                            "QA evaluation uploads (" + layout + ")",
                            attacker,
                            "QA training-paragraph texts (" + layout + ")",
                            candidates.dropped()),
                    victimSeen);
        }
    }

    /** The questions of every training paragraph none of whose questions is in {@code trained}. */
    static List<SquadDataset.Question> unusedParagraphs(
            List<SquadDataset.Question> train, Set<SquadDataset.Question> trained) {
        Set<String> used = new HashSet<>();
        trained.forEach(q -> used.add(q.context()));
        List<SquadDataset.Question> out = new ArrayList<>();
        for (SquadDataset.Question q : train) {
            if (!used.contains(q.context())) {
                out.add(q);
            }
        }
        return out;
    }

    private static List<String> keys(List<Encoding> texts) {
        return texts.stream().map(QaWindows::key).toList();
    }
}
