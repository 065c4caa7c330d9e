package io.privtune.split.experiment;

import io.privtune.core.progress.Progress;
import io.privtune.split.attack.DisjointText;
import io.privtune.split.attack.KeywordAttack;
import io.privtune.split.data.CsvDataset;
import io.privtune.split.data.LabelledText;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.EncodedCorpus;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import io.privtune.split.train.PrivateFineTuner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The texts every cell's attacks run on, encoded by the bottom model once (clean) and perturbed per cell.
 * Victim and attacker never share a text (enforced by {@link DisjointText}):
 * <ul>
 *   <li>token inversion: the victim is the task's evaluation split (SST-2 dev, ...); the attacker owns the task's
 *       training texts outside every seed's fine-tuning sample;</li>
 *   <li>attribute and keyword inference: the victim is TrustPilot's test.csv; the attacker owns a sample of
 *       train.csv.</li>
 * </ul>
 */
public final class AttackCorpora {
    private static final Logger LOG = LoggerFactory.getLogger(AttackCorpora.class);
    public static final List<String> GENDERS = List.of("F", "M");
    public static final List<String> AGE_GROUPS = List.of("15-24", "25-54", "55-64", "65+");

    /** Labelled texts encoded by the bottom model: gender and age group per text, and the raw text for keywords. */
    public record AttributeTexts(EncodedCorpus tokens, int[] gender, int[] age, List<String> texts) {}

    private final EncodedCorpus victimTokens;
    private final List<Encoding> victimSentences;
    private final EncodedCorpus attackerTokens;
    private final AttributeTexts attributeVictim;
    private final AttributeTexts attributeAttacker;
    private final List<String> keywords;
    private final int droppedOverlaps;

    private AttackCorpora(
            EncodedCorpus victimTokens,
            List<Encoding> victimSentences,
            EncodedCorpus attackerTokens,
            AttributeTexts attributeVictim,
            AttributeTexts attributeAttacker,
            List<String> keywords,
            int droppedOverlaps) {
        this.victimTokens = victimTokens;
        this.victimSentences = victimSentences;
        this.attackerTokens = attackerTokens;
        this.attributeVictim = attributeVictim;
        this.attributeAttacker = attributeAttacker;
        this.keywords = keywords;
        this.droppedOverlaps = droppedOverlaps;
    }

    /**
     * @param taskTrain   all the task's training rows; {@code victimTrain} the victim's fine-tuning samples of them
     * @param victimDev   the task's evaluation rows: the victim text the token-inversion attacks read
     */
    public static AttackCorpora prepare(
            List<LabelledText> taskTrain,
            List<LabelledText> victimTrain,
            List<LabelledText> victimDev,
            Path trustpilot,
            AttackSettings settings,
            long seed,
            Path tokenizerFile,
            BottomModel bottom,
            Progress progress) {
        Set<String> victimSeen = new HashSet<>();
        victimTrain.forEach(r -> victimSeen.add(r.text()));
        victimDev.forEach(r -> victimSeen.add(r.text()));
        DisjointText.Filtered<LabelledText> auxiliary =
                DisjointText.excluding(taskTrain, LabelledText::text, victimSeen);
        List<LabelledText> attackerSentences =
                PrivateFineTuner.sample(auxiliary.rows(), settings.auxiliarySentences(), seed + 1);
        DisjointText.requireDisjoint(
                "token inversion",
                attackerSentences.stream().map(LabelledText::text).toList(),
                victimSeen);

        CsvDataset.Labelled genderTest = CsvDataset.read(trustpilot.resolve("test.csv"), "text", "gender", GENDERS, 0);
        CsvDataset.Labelled ageTest = CsvDataset.read(trustpilot.resolve("test.csv"), "text", "age_cat", AGE_GROUPS, 0);
        CsvDataset.Labelled genderTrain =
                CsvDataset.read(trustpilot.resolve("train.csv"), "text", "gender", GENDERS, 0);
        CsvDataset.Labelled ageTrain =
                CsvDataset.read(trustpilot.resolve("train.csv"), "text", "age_cat", AGE_GROUPS, 0);
        List<String> victimReviews =
                genderTest.rows().stream().map(LabelledText::text).toList();
        List<Integer> attackerRows = new ArrayList<>();
        Set<String> victimNormalised = new HashSet<>(
                victimReviews.stream().map(DisjointText::normalise).toList());
        int droppedReviews = 0;
        for (int i = 0; i < genderTrain.rows().size(); i++) {
            if (victimNormalised.contains(
                    DisjointText.normalise(genderTrain.rows().get(i).text()))) {
                droppedReviews++;
            } else {
                attackerRows.add(i);
            }
        }
        int[] chosen = sampleIndices(attackerRows, settings.attributeTexts(), seed + 2);
        List<String> attackerReviews = new ArrayList<>();
        for (int i : chosen) {
            attackerReviews.add(genderTrain.rows().get(i).text());
        }
        DisjointText.requireDisjoint("attribute inference", attackerReviews, victimReviews);

        try (WordPieceTokenizer tokenizer = WordPieceTokenizer.open(tokenizerFile, settings.maxLength())) {
            List<Encoding> dev = tokenizer.encodeAll(victimDev, progress, "tokenise victim dev");
            EncodedCorpus victim = encode(dev, bottom, progress, "encode victim dev");
            EncodedCorpus attacker = encode(
                    tokenizer.encodeAll(attackerSentences, progress, "tokenise attacker text"),
                    bottom,
                    progress,
                    "encode attacker text");
            int[] all = java.util.stream.IntStream.range(0, genderTest.rows().size())
                    .toArray();
            AttributeTexts attributeVictim =
                    attributeTexts(all, genderTest, ageTest, tokenizer, bottom, progress, "victim reviews");
            AttributeTexts attributeAttacker =
                    attributeTexts(chosen, genderTrain, ageTrain, tokenizer, bottom, progress, "attacker reviews");
            List<String> keywords = KeywordAttack.vocabulary(attributeAttacker.texts(), settings.keywords());
            LOG.info(String.format(
                    "attack corpora: victim %d dev sentences (%d tokens), attacker %d task training texts (%d tokens; %d dropped as victim "
                            + "text); TrustPilot victim %d reviews, attacker %d reviews (%d dropped as victim text), %d keywords",
                    victimDev.size(),
                    victim.attackedTokens(),
                    attackerSentences.size(),
                    attacker.attackedTokens(),
                    auxiliary.dropped(),
                    all.length,
                    chosen.length,
                    droppedReviews,
                    keywords.size()));
            return new AttackCorpora(
                    victim,
                    dev,
                    attacker,
                    attributeVictim,
                    attributeAttacker,
                    keywords,
                    auxiliary.dropped() + droppedReviews);
        }
    }

    private static AttributeTexts attributeTexts(
            int[] rows,
            CsvDataset.Labelled gender,
            CsvDataset.Labelled age,
            WordPieceTokenizer tokenizer,
            BottomModel bottom,
            Progress progress,
            String name) {
        List<LabelledText> picked = new ArrayList<>(rows.length);
        int[] genders = new int[rows.length];
        int[] ages = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            LabelledText g = gender.rows().get(rows[i]);
            LabelledText a = age.rows().get(rows[i]);
            if (!g.text().equals(a.text())) {
                throw new IllegalStateException("TrustPilot: gender and age rows disagree at row " + rows[i]);
            }
            picked.add(g);
            genders[i] = g.label();
            ages[i] = a.label();
        }
        EncodedCorpus tokens =
                encode(tokenizer.encodeAll(picked, progress, "tokenise " + name), bottom, progress, "encode " + name);
        return new AttributeTexts(
                tokens, genders, ages, picked.stream().map(LabelledText::text).toList());
    }

    /** Encoded as the device encodes (each text at its padding bucket), so the victim's rows are the bytes its device computed. */
    private static EncodedCorpus encode(List<Encoding> texts, BottomModel bottom, Progress progress, String name) {
        try (Progress.Task task = progress.start(name, 1, "corpus")) {
            EncodedCorpus corpus = EncodedCorpus.of(texts, bottom);
            task.advance(1, 1);
            return corpus;
        }
    }

    private static int[] sampleIndices(List<Integer> candidates, int size, long seed) {
        int[] order = PrivateFineTuner.shuffled(candidates.size(), seed);
        int n = Math.min(size, candidates.size());
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = candidates.get(order[i]);
        }
        java.util.Arrays.sort(out);
        return out;
    }

    public EncodedCorpus victimTokens() {
        return victimTokens;
    }

    public List<Encoding> victimSentences() {
        return victimSentences;
    }

    public EncodedCorpus attackerTokens() {
        return attackerTokens;
    }

    public AttributeTexts attributeVictim() {
        return attributeVictim;
    }

    public AttributeTexts attributeAttacker() {
        return attributeAttacker;
    }

    public List<String> keywords() {
        return keywords;
    }

    public int droppedOverlaps() {
        return droppedOverlaps;
    }
}
