package io.privtune.split.experiment;

import io.privtune.core.progress.Progress;
import io.privtune.split.attack.DisjointText;
import io.privtune.split.attack.KeywordAttack;
import io.privtune.split.data.LabelledText;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.EncodedCorpus;
import io.privtune.split.task.PrivateAttributes;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import io.privtune.split.train.PrivateFineTuner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The texts every cell's attacks run on, encoded by the bottom model once (clean) and perturbed per cell.
 * Victim and attacker never share a text (enforced by {@link DisjointText}):
 * <ul>
 *   <li>token inversion: the victim is the task's evaluation split (SST-2 dev, ...); the attacker owns the task's
 *       training texts outside every seed's fine-tuning sample. For extractive QA, the distinct texts the device
 *       uploads for the evaluation questions, and the attacker's the same kind of texts of training paragraphs no
 *       seed fine-tunes on ({@link QaTokenTexts});</li>
 *   <li>attribute and keyword inference ({@link AttributeCorpus}): the victim is the task's own evaluation texts where
 *       they carry private attributes (Blog), else TrustPilot's test.csv; the attacker owns a sample of the task's
 *       training texts, or of train.csv, outside every victim text.</li>
 * </ul>
 */
public final class AttackCorpora {
    private static final Logger LOG = LoggerFactory.getLogger(AttackCorpora.class);

    /**
     * Labelled texts encoded by the bottom model: gender and age group per text, the raw text for keywords, and
     * {@code device[t]}, text t's author numbered from 0 in order of first appearance (a text of unknown author is a
     * device of its own).
     */
    public record AttributeTexts(EncodedCorpus tokens, int[] gender, int[] age, List<String> texts, int[] device) {
        public int devices() {
            return Arrays.stream(device).max().orElse(-1) + 1;
        }

        /** Whether some device sends more than one text, so linking a device's uploads can tell the cloud more. */
        public boolean linksTexts() {
            return devices() < texts.size();
        }
    }

    private final EncodedCorpus victimTokens;
    private final List<Encoding> victimSentences;
    private final EncodedCorpus attackerTokens;
    private final AttributeCorpus attributes;
    private final AttributeTexts attributeVictim;
    private final AttributeTexts attributeAttacker;
    private final List<String> keywords;
    private final int droppedOverlaps;

    private AttackCorpora(
            EncodedCorpus victimTokens,
            List<Encoding> victimSentences,
            EncodedCorpus attackerTokens,
            AttributeCorpus attributes,
            AttributeTexts attributeVictim,
            AttributeTexts attributeAttacker,
            List<String> keywords,
            int droppedOverlaps) {
        this.victimTokens = victimTokens;
        this.victimSentences = victimSentences;
        this.attackerTokens = attackerTokens;
        this.attributes = attributes;
        this.attributeVictim = attributeVictim;
        this.attributeAttacker = attributeAttacker;
        this.keywords = keywords;
        this.droppedOverlaps = droppedOverlaps;
    }

    /**
     * The token attacks' texts, tokenised as the device tokenises them: the victim's uploads (each text once) and
     * the attacker's own texts, already checked to be disjoint from every victim text; {@code dropped} of the
     * attacker's candidates were the victim's. The names say what the texts are, for the log.
     */
    public record TokenTexts(
            List<Encoding> victim, String victimName, List<Encoding> attacker, String attackerName, int dropped) {}

    /**
     * A classification task's corpora: the token attacks read its evaluation split.
     *
     * @param taskTrain   all the task's training rows; {@code victimTrain} the victim's fine-tuning samples of them
     * @param victimDev   the task's evaluation rows: the victim text the token-inversion attacks read
     */
    public static AttackCorpora prepare(
            List<LabelledText> taskTrain,
            List<LabelledText> victimTrain,
            List<LabelledText> victimDev,
            AttributeCorpus attributes,
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
        if (auxiliary.rows().isEmpty()) { // e.g. --train-subset 0: the victim fine-tunes on the whole training split
            throw new IllegalArgumentException("token inversion: every one of the task's " + taskTrain.size()
                    + " training texts is the victim's (some seed's fine-tuning sample or an evaluation text), so "
                    + "none is left for the attacker; fine-tune on fewer examples (--train-subset) or with fewer "
                    + "seeds (--seeds), or use `finetune` for a utility-only run on the whole training split");
        }
        List<LabelledText> attackerSentences =
                PrivateFineTuner.sample(auxiliary.rows(), settings.auxiliarySentences(), seed + 1);
        DisjointText.requireDisjoint(
                "token inversion",
                attackerSentences.stream().map(LabelledText::text).toList(),
                victimSeen);
        TokenTexts tokens;
        try (WordPieceTokenizer tokenizer = WordPieceTokenizer.open(tokenizerFile, settings.maxLength())) {
            tokens = new TokenTexts(
                    tokenizer.encodeAll(victimDev, progress, "tokenise victim dev"),
                    "dev sentences",
                    tokenizer.encodeAll(attackerSentences, progress, "tokenise attacker text"),
                    "task training texts",
                    auxiliary.dropped());
        }
        return prepare(tokens, victimSeen, attributes, settings, seed, tokenizerFile, bottom, progress);
    }

    /**
     * The one path every task's corpora take once its token texts are chosen: the token texts encoded by the bottom
     * model, and the attribute texts chosen and encoded.
     *
     * @param victimSeen every victim text (evaluation and every seed's training text), which the attribute attacker's
     *                   pool leaves out where it is the task's own training split
     */
    public static AttackCorpora prepare(
            TokenTexts tokens,
            Set<String> victimSeen,
            AttributeCorpus attributes,
            AttackSettings settings,
            long seed,
            Path tokenizerFile,
            BottomModel bottom,
            Progress progress) {
        List<String> victimTexts =
                attributes.victim().stream().map(PrivateAttributes.Text::text).toList();
        Set<String> attributeVictimSeen = new HashSet<>(victimTexts);
        if (attributes.taskTexts()) { // the pool is the task's training split: the victim's samples leave it too
            attributeVictimSeen.addAll(victimSeen);
        }
        DisjointText.Filtered<PrivateAttributes.Text> pool =
                DisjointText.excluding(attributes.pool(), PrivateAttributes.Text::text, attributeVictimSeen);
        if (pool.rows().isEmpty()) {
            throw new IllegalArgumentException("attribute inference on " + attributes.source()
                    + ": no labelled text is left for the attacker once the victim's texts are removed ("
                    + attributes.pool().size() + " in the pool, " + pool.dropped()
                    + " of them the victim's); fine-tune on fewer examples (--train-subset)");
        }
        List<PrivateAttributes.Text> attackerTexts = sampled(pool.rows(), settings.attributeTexts(), seed + 2);
        DisjointText.requireDisjoint(
                "attribute inference",
                attackerTexts.stream().map(PrivateAttributes.Text::text).toList(),
                attributeVictimSeen);

        try (WordPieceTokenizer tokenizer = WordPieceTokenizer.open(tokenizerFile, settings.maxLength())) {
            EncodedCorpus victim = encode(tokens.victim(), bottom, progress, "encode victim " + tokens.victimName());
            EncodedCorpus attacker =
                    encode(tokens.attacker(), bottom, progress, "encode attacker " + tokens.attackerName());
            AttributeTexts attributeVictim =
                    attributeTexts(attributes.victim(), tokenizer, bottom, progress, "victim attribute texts");
            AttributeTexts attributeAttacker =
                    attributeTexts(attackerTexts, tokenizer, bottom, progress, "attacker attribute texts");
            List<String> keywords = KeywordAttack.vocabulary(attributeAttacker.texts(), settings.keywords());
            LOG.info(String.format(
                    "attack corpora: victim %d %s (%d tokens), attacker %d %s (%d tokens; %d dropped as victim "
                            + "text); %s: victim %d texts, attacker %d texts (%d dropped as victim text), %d keywords",
                    tokens.victim().size(),
                    tokens.victimName(),
                    victim.attackedTokens(),
                    tokens.attacker().size(),
                    tokens.attackerName(),
                    attacker.attackedTokens(),
                    tokens.dropped(),
                    attributes.source(),
                    attributes.victim().size(),
                    attackerTexts.size(),
                    pool.dropped(),
                    keywords.size()));
            return new AttackCorpora(
                    victim,
                    tokens.victim(),
                    attacker,
                    attributes,
                    attributeVictim,
                    attributeAttacker,
                    keywords,
                    tokens.dropped() + pool.dropped());
        }
    }

    private static AttributeTexts attributeTexts(
            List<PrivateAttributes.Text> rows,
            WordPieceTokenizer tokenizer,
            BottomModel bottom,
            Progress progress,
            String name) {
        List<LabelledText> texts =
                rows.stream().map(r -> new LabelledText(r.text(), 0)).toList();
        EncodedCorpus tokens =
                encode(tokenizer.encodeAll(texts, progress, "tokenise " + name), bottom, progress, "encode " + name);
        Map<String, Integer> authors = new HashMap<>();
        int[] device = new int[rows.size()];
        int devices = 0;
        for (int t = 0; t < rows.size(); t++) {
            String author = rows.get(t).author();
            if (author == null) {
                device[t] = devices++;
            } else {
                Integer known = authors.putIfAbsent(author, devices);
                device[t] = known == null ? devices++ : known;
            }
        }
        return new AttributeTexts(
                tokens,
                rows.stream().mapToInt(PrivateAttributes.Text::gender).toArray(),
                rows.stream().mapToInt(PrivateAttributes.Text::age).toArray(),
                rows.stream().map(PrivateAttributes.Text::text).toList(),
                device);
    }

    /** Encoded as the device encodes (each text at its padding bucket), so the victim's rows are the bytes its device computed. */
    private static EncodedCorpus encode(List<Encoding> texts, BottomModel bottom, Progress progress, String name) {
        try (Progress.Task task = progress.start(name, 1, "corpus")) {
            EncodedCorpus corpus = EncodedCorpus.of(texts, bottom);
            task.advance(1, 1);
            return corpus;
        }
    }

    /** A seeded sample of {@code size} rows (all when fewer), in their original order. */
    private static <T> List<T> sampled(List<T> candidates, int size, long seed) {
        int[] order = PrivateFineTuner.shuffled(candidates.size(), seed);
        int[] chosen = java.util.Arrays.copyOf(order, Math.min(size, candidates.size()));
        java.util.Arrays.sort(chosen);
        List<T> out = new ArrayList<>(chosen.length);
        for (int i : chosen) {
            out.add(candidates.get(i));
        }
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

    /** Where the attribute texts come from, and their attributes' class names. */
    public String attributeSource() {
        return attributes.source();
    }

    public int genderClasses() {
        return attributes.genders().size();
    }

    public int ageClasses() {
        return attributes.ageGroups().size();
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
