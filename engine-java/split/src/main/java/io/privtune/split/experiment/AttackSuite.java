package io.privtune.split.experiment;

import io.privtune.core.progress.Progress;
import io.privtune.split.attack.AttackRates;
import io.privtune.split.attack.AttributeMlpAttack;
import io.privtune.split.attack.AttributeResult;
import io.privtune.split.attack.AttributeScores;
import io.privtune.split.attack.BagOfTokensAttack;
import io.privtune.split.attack.ContextualInversionAttack;
import io.privtune.split.attack.InversionModelAttack;
import io.privtune.split.attack.KeywordAttack;
import io.privtune.split.attack.KeywordResult;
import io.privtune.split.attack.KnnAttack;
import io.privtune.split.attack.OptimisationAttack;
import io.privtune.split.attack.ShapeAwareKnn;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.EncodedCorpus;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.stats.Outcomes;
import io.privtune.split.text.Encoding;
import io.privtune.split.train.DeviceSide;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * All six attacks of docs/DESIGN.md §4 against one mechanism, on the same uploads, returned as named metrics; the
 * learned token inversion comes per token (the MLP, {@code inversion.*}) and per sequence (the BiLSTM or the
 * transformer, {@code contextual.*}), each with the epoch it kept ({@code *.kept-epoch}). The naive learned attackers (trained
 * on clean representations) do not depend on the mechanism and are trained once per attacker seed, or loaded from
 * the results folder's {@link NaiveAttackerStore} ({@code naive-training.cached} tells which); the adaptive ones are
 * retrained per cell on the attacker's own text perturbed by the
 * same mechanism and parameters under the attacker's own key. Every upload comes through {@link DeviceSide},
 * the device's one upload path, so the victim's dev uploads are the ones its cloud evaluated on: the
 * attacks read exactly what the cell's cloud received at evaluation (release 0, the text's own nonce).
 */
public final class AttackSuite implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AttackSuite.class);

    /** How many texts the token attackers trained on: their budget, or fewer where the pool ran short. */
    static final String ATTACKER_TEXTS = "attacker.texts";
    /** How many labelled texts the attribute attackers trained on. */
    static final String ATTRIBUTE_ATTACKER_TEXTS = "attribute.attacker-texts";
    /** How many devices (authors) the attribute victims' texts come from, where texts are linked to devices (Blog). */
    static final String ATTRIBUTE_DEVICES = "attribute.devices";
    /** The metrics that are counts, not rates or scores. */
    static final Set<String> COUNTS = Set.of(ATTACKER_TEXTS, ATTRIBUTE_ATTACKER_TEXTS, ATTRIBUTE_DEVICES);

    private static final int OPTIMISATION_BATCH = 8;

    private final AttackCorpora corpora;
    private final AttackSettings settings;
    private final BottomModel bottom;
    private final ShapeAwareKnn knn;
    private final long seed;
    private final Progress progress;
    /** Where the naive attackers are kept between processes and runs; null: trained by every process. */
    private final NaiveAttackerStore naiveStore;

    private final int[] optimisationSentences;
    private final int[][] attackerTrueBags;
    private final float[] attackerKeywordTargets;
    private final float[] victimKeywordTargets;
    /** The naive learned attackers by attacker seed, trained when a seed's first run asks (its time is that run's). */
    private final Map<Long, NaiveAttackers> naiveBySeed = new java.util.HashMap<>();
    /** The per-example outcomes of the run under way, by metric name ({@link #put} records them). */
    private Map<String, String> outcomes = new LinkedHashMap<>();

    /** A run's metrics and, for the metrics that have them, per-example 0/1 outcomes ({@link Outcomes}). */
    public record Measurement(Map<String, Double> metrics, Map<String, String> outcomes) {}

    /** @param naiveCache the folder the naive attackers are stored in ({@link NaiveAttackerStore}); null for none */
    public AttackSuite(
            AttackCorpora corpora,
            AttackSettings settings,
            BottomModel bottom,
            ShapeAwareKnn knn,
            long seed,
            Progress progress,
            java.nio.file.Path naiveCache) {
        this.corpora = corpora;
        this.settings = settings;
        this.bottom = bottom;
        this.knn = knn;
        this.seed = seed;
        this.progress = progress;
        this.naiveStore = naiveCache == null ? null : new NaiveAttackerStore(naiveCache);
        int[] order = io.privtune.split.train.PrivateFineTuner.shuffled(
                corpora.victimSentences().size(), seed + 3);
        // batches of similar length: the cost is B x L x V per step, so padding is expensive
        this.optimisationSentences = Arrays.stream(
                        Arrays.copyOf(order, Math.min(settings.optimisationSentences(), order.length)))
                .boxed()
                .sorted(java.util.Comparator.comparingInt(
                                (Integer s) -> corpora.victimSentences().get(s).length())
                        .thenComparing(s -> s))
                .mapToInt(Integer::intValue)
                .toArray();
        this.attackerTrueBags = bags(
                corpora.attributeAttacker().tokens(),
                corpora.attributeAttacker().tokens().ids());
        this.attackerKeywordTargets =
                KeywordAttack.multiHot(corpora.attributeAttacker().texts(), corpora.keywords());
        this.victimKeywordTargets =
                KeywordAttack.multiHot(corpora.attributeVictim().texts(), corpora.keywords());
    }

    /**
     * @param device   the victim's device: its mechanism under its key
     * @param attacker the same mechanism and parameters under the attacker's own key (for the adaptive attacks)
     */
    public Map<String, Double> run(DeviceSide device, DeviceSide attacker) {
        return measure(device, attacker, seed).metrics();
    }

    /**
     * As {@link #run}, with the attacker's training seed (learned attackers' initialisation and order) and the
     * per-example outcomes. The victim's texts and the optimisation attack's sentences stay the suite's, so that
     * seeds score the same examples.
     */
    public Measurement measure(DeviceSide device, DeviceSide attacker, long seed) {
        outcomes = new LinkedHashMap<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        EncodedCorpus victim = corpora.victimTokens();
        long clock = System.nanoTime();
        float[] upload = device.perturb(victim, 0).perturbed();
        metrics.put("mean-cosine", victim.meanCosine(upload));
        // what the token attackers really train on: fewer than asked when the victims' samples cover the pool
        metrics.put(ATTACKER_TEXTS, (double) corpora.attackerTokens().texts());
        clock = lap(metrics, "victim-upload", clock);

        ShapeAwareKnn.Outcome knnOutcome;
        try (Progress.Task task = progress.start("attack knn", 2L * victim.attackedTokens(), "tok")) {
            knnOutcome = knn.run(device.mechanism(), upload, victim.ids(), victim.special(), task);
        }
        KnnAttack.Result knnResult = knnOutcome.strongest();
        KnnAttack.Result plainKnn = knnOutcome.plain();
        metrics.put("knn.top1", knnResult.top1());
        metrics.put("knn.top5", knnResult.top5());
        metrics.put("knn.top1.cosine", plainKnn.top1Cosine());
        metrics.put("knn.top1.l2", plainKnn.top1L2());
        outcome("knn.top1", knnResult.top1Hits());
        outcome("knn.top5", knnResult.top5Hits());
        if (plainKnn.cosineHits() != null) {
            outcome("knn.top1.cosine", plainKnn.cosineHits()[0]);
            outcome("knn.top1.l2", plainKnn.l2Hits()[0]);
        }
        if (knnOutcome.whitened() != null) { // the shape's own decoder: nearest row after whitening
            metrics.put("knn.top1.mahalanobis", knnOutcome.whitened().top1());
            outcome("knn.top1.mahalanobis", knnOutcome.whitened().top1Hits());
        }
        clock = lap(metrics, "knn", clock);

        EncodedCorpus own = corpora.attackerTokens();
        float[] ownUpload = attacker.perturb(own, 0).perturbed();
        // a mechanism that leaves the attacker's text as it was (none): the adaptive models would be trained on the
        // naive models' data with their seed, so they are the naive models, unless --naive-epochs cut those shorter
        boolean unchanged = Arrays.equals(ownUpload, own.representations());
        boolean inversionIsNaive = unchanged && settings.naiveInversionBudget().equals(settings.inversionBudget());
        boolean contextualIsNaive =
                unchanged && settings.naiveContextualBudget().equals(settings.contextualBudget());
        // before the naive models: a noisy cell's strongest attacker, so a long run has it first
        if (!inversionIsNaive) {
            adaptiveInversion(attacker, ownUpload, upload, metrics, seed);
        }
        clock = lap(metrics, "inversion", clock);
        NaiveAttackers naive = naive(seed); // trained (or loaded) by the first run of each attacker seed, in its time
        clock = lap(metrics, "naive-training", clock);
        metrics.put("naive-training.cached", naive.loaded() ? 1.0 : 0.0);
        AttackRates naiveRates = naive.inversion().attack(upload, victim.ids(), victim.special());
        put(metrics, "inversion.naive", naiveRates);
        metrics.put("inversion.naive.kept-epoch", (double) naive.inversion().keptEpoch());
        logRates("naive inversion model", naiveRates, naive.inversion().keptEpoch());
        // scoring the victim with the naive model is inversion time, as the adaptive model's is
        clock = lap(metrics, "inversion", clock);
        if (inversionIsNaive) {
            put(metrics, "inversion.adaptive", naiveRates);
            metrics.put(
                    "inversion.adaptive.kept-epoch", (double) naive.inversion().keptEpoch());
        }
        contextual(naive.contextual(), attacker, upload, contextualIsNaive ? null : ownUpload, metrics, seed);
        clock = lap(metrics, "contextual", clock);

        put(metrics, "optimisation", optimisation(upload));
        clock = lap(metrics, "optimisation", clock);
        attributeAttacks(device, attacker, metrics, seed);
        lap(metrics, "attribute", clock);
        return new Measurement(metrics, outcomes);
    }

    /**
     * The adaptive inversion MLP on {@code ownUpload}, the attacker's text in release 0 of the mechanism under its own
     * key; with {@link AttackSettings#freshAdaptiveNoise} epoch e trains on release e instead.
     */
    private void adaptiveInversion(
            DeviceSide attacker, float[] ownUpload, float[] upload, Map<String, Double> metrics, long seed) {
        EncodedCorpus victim = corpora.victimTokens();
        EncodedCorpus own = corpora.attackerTokens();
        boolean fresh = settings.freshAdaptiveNoise();
        try (Progress.Task task = progress.start(
                        "train adaptive inversion model" + (fresh ? " (fresh noise every epoch)" : ""), 1, "batches");
                InversionModelAttack adaptive = InversionModelAttack.train(
                        release -> release == 0 || !fresh
                                ? ownUpload
                                : attacker.perturb(own, release).perturbed(),
                        own.ids(),
                        own.special(),
                        own.offsets(),
                        own.dim(),
                        settings.inversionBudget(),
                        seed,
                        task)) {
            AttackRates rates = adaptive.attack(upload, victim.ids(), victim.special());
            put(metrics, "inversion.adaptive", rates);
            metrics.put("inversion.adaptive.kept-epoch", (double) adaptive.keptEpoch());
            logRates("adaptive inversion model", rates, adaptive.keptEpoch());
        }
    }

    /** A token inverter's rates on the victim, logged as soon as known: a cell's result is written only at its end. */
    private static void logRates(String attack, AttackRates rates, int keptEpoch) {
        LOG.info(String.format(
                java.util.Locale.ROOT,
                "%s (epoch %d kept): top-1 %.2f %%, top-5 %.2f %% of %d victim tokens",
                attack,
                keptEpoch,
                100 * rates.top1(),
                100 * rates.top5(),
                rates.attacked()));
    }

    /**
     * Adds the seconds since {@code since} to {@code <part>.seconds} (the report's time breakdown; no statistics are
     * computed for it) and returns the time now.
     */
    private static long lap(Map<String, Double> metrics, String part, long since) {
        long now = System.nanoTime();
        metrics.merge(part + ".seconds", (now - since) / 1e9, Double::sum);
        return now;
    }

    private NaiveAttackers naive(long seed) {
        return naiveBySeed.computeIfAbsent(
                seed,
                s -> naiveStore == null
                        ? trainNaive(s)
                        : naiveStore.get(
                                NaiveAttackerStore.key(corpora.attackerTokens(), settings, s), () -> trainNaive(s)));
    }

    private NaiveAttackers trainNaive(long seed) {
        String suffix = seed == this.seed ? "" : " (seed " + seed + ")";
        EncodedCorpus attacker = corpora.attackerTokens();
        InversionModelAttack inversion;
        try (Progress.Task task = progress.start("train naive inversion model" + suffix, 1, "batches")) {
            inversion = InversionModelAttack.train(
                    attacker.representations(),
                    attacker.ids(),
                    attacker.special(),
                    attacker.offsets(),
                    attacker.dim(),
                    settings.naiveInversionBudget(),
                    seed,
                    task);
        }
        try (Progress.Task task = progress.start("train naive contextual inversion model" + suffix, 1, "batches")) {
            return new NaiveAttackers(
                    inversion,
                    ContextualInversionAttack.train(
                            contextualTexts(attacker.representations()),
                            settings.contextualConfig(),
                            settings.naiveContextualBudget(),
                            seed,
                            task),
                    false);
        } catch (RuntimeException e) {
            inversion.close();
            throw e;
        }
    }

    /**
     * The contextual inversion model, naive (trained once per attacker seed) and adaptive (on the attacker's own
     * perturbed text {@code ownUpload}; null when the naive model is the adaptive one: the mechanism left the text
     * unchanged and the naive model had the adaptive one's budget).
     * With {@link AttackSettings#freshAdaptiveNoise} the adaptive model's epoch e trains on release e of its texts.
     */
    private void contextual(
            ContextualInversionAttack naiveContextual,
            DeviceSide attacker,
            float[] upload,
            float[] ownUpload,
            Map<String, Double> metrics,
            long seed) {
        EncodedCorpus victim = corpora.victimTokens();
        ContextualInversionAttack.Texts read = new ContextualInversionAttack.Texts(
                upload, victim.ids(), victim.special(), victim.offsets(), victim.dim());
        AttackRates naiveRates = naiveContextual.attack(read);
        put(metrics, "contextual.naive", naiveRates);
        metrics.put("contextual.naive.kept-epoch", (double) naiveContextual.keptEpoch());
        if (ownUpload
                == null) { // the attacker's text unchanged, the budget the same: the adaptive model is the naive one
            put(metrics, "contextual.adaptive", naiveRates);
            metrics.put("contextual.adaptive.kept-epoch", (double) naiveContextual.keptEpoch());
            return;
        }
        boolean fresh = settings.freshAdaptiveNoise();
        ContextualInversionAttack.Texts release0 = contextualTexts(ownUpload);
        IntFunction<float[]> releases = release -> release0.rows();
        if (fresh) { // each release of the model's texts alone: a text's noise depends on its own content only
            EncodedCorpus texts = corpora.attackerTokens().firstTexts(contextualTextCount());
            releases = release -> attacker.perturb(texts, release).perturbed();
        }
        try (Progress.Task task = progress.start(
                        "train adaptive contextual inversion model" + (fresh ? " (fresh noise every epoch)" : ""),
                        1,
                        "batches");
                ContextualInversionAttack adaptive = ContextualInversionAttack.train(
                        release0, releases, settings.contextualConfig(), settings.contextualBudget(), seed, task)) {
            put(metrics, "contextual.adaptive", adaptive.attack(read));
            metrics.put("contextual.adaptive.kept-epoch", (double) adaptive.keptEpoch());
        }
    }

    /**
     * The first {@code contextualSentences} of the attacker's texts (a random sample already) with {@code rows} as
     * their representations: clean for the naive model, the attacker's own upload for the adaptive one.
     */
    private ContextualInversionAttack.Texts contextualTexts(float[] rows) {
        EncodedCorpus own = corpora.attackerTokens();
        int texts = contextualTextCount();
        int tokens = own.offsets()[texts];
        return new ContextualInversionAttack.Texts(
                Arrays.copyOf(rows, tokens * own.dim()),
                Arrays.copyOf(own.ids(), tokens),
                Arrays.copyOf(own.special(), tokens),
                Arrays.copyOf(own.offsets(), texts + 1),
                own.dim());
    }

    /** How many of the attacker's texts the contextual models train on: {@code contextualSentences}, 0 for all. */
    private int contextualTextCount() {
        int all = corpora.attackerTokens().texts();
        return settings.contextualSentences() == 0 ? all : Math.min(settings.contextualSentences(), all);
    }

    /** The optimisation attack on a fixed sample of victim sentences, batched by length, read from the same upload. */
    private AttackRates optimisation(float[] upload) {
        EncodedCorpus victim = corpora.victimTokens();
        OptimisationAttack attack =
                new OptimisationAttack(bottom, settings.optimisationSteps(), settings.optimisationRate());
        OptimisationAttack.Tally tally = new OptimisationAttack.Tally(0, 0, 0);
        int d = victim.dim();
        try (Progress.Task task = progress.start("attack optimisation", optimisationSentences.length, "sentences")) {
            for (int from = 0; from < optimisationSentences.length; from += OPTIMISATION_BATCH) {
                int[] chosen = Arrays.copyOfRange(
                        optimisationSentences, from, Math.min(optimisationSentences.length, from + OPTIMISATION_BATCH));
                List<Encoding> sentences = new ArrayList<>();
                for (int s : chosen) {
                    sentences.add(corpora.victimSentences().get(s));
                }
                PaddedBatch batch = PaddedBatch.of(sentences);
                float[] padded = new float[batch.batch() * batch.length() * d];
                for (int b = 0; b < chosen.length; b++) {
                    int start = victim.offsets()[chosen[b]];
                    int length = victim.offsets()[chosen[b] + 1] - start;
                    System.arraycopy(upload, start * d, padded, b * batch.length() * d, length * d);
                }
                tally = tally.plus(attack.run(padded, batch));
                task.advance(from + chosen.length, optimisationSentences.length);
            }
        }
        return new AttackRates(
                tally.attacked(), tally.top1Rate(), tally.top5Rate(), tally.top1Hits(), tally.top5Hits());
    }

    private void attributeAttacks(DeviceSide device, DeviceSide attacker, Map<String, Double> metrics, long seed) {
        AttackCorpora.AttributeTexts victim = corpora.attributeVictim();
        AttackCorpora.AttributeTexts own = corpora.attributeAttacker();
        int d = victim.tokens().dim();
        float[] victimUpload = device.perturb(victim.tokens(), 0).perturbed();
        float[] ownUpload = attacker.perturb(own.tokens(), 0).perturbed();
        float[] victimPooled = victim.tokens().meanPooled(victimUpload);
        float[] cleanPooled = own.tokens().meanPooled(own.tokens().representations());
        float[] ownPooled = own.tokens().meanPooled(ownUpload);
        // as with attacker.texts: the labelled pool can hold fewer than asked once the victim's texts leave it
        metrics.put(ATTRIBUTE_ATTACKER_TEXTS, (double) own.texts().size());
        if (victim.linksTexts()) {
            metrics.put(ATTRIBUTE_DEVICES, (double) victim.devices());
        }

        try (Progress.Task task = progress.start("attack attribute-mlp, keyword-mlc", 6, "models")) {
            int done = 0;
            for (String variant : List.of("naive", "adaptive")) {
                float[] train = variant.equals("naive") ? cleanPooled : ownPooled;
                AttributeScores gender =
                        AttributeMlpAttack.run(train, own.gender(), victimPooled, corpora.genderClasses(), d, seed);
                task.advance(++done, 6);
                AttributeScores age =
                        AttributeMlpAttack.run(train, own.age(), victimPooled, corpora.ageClasses(), d, seed);
                task.advance(++done, 6);
                putAttribute(metrics, "attribute-mlp", variant, gender, age, victim);
                KeywordResult keywords = KeywordAttack.run(
                        train,
                        attackerKeywordTargets,
                        victimPooled,
                        victimKeywordTargets,
                        corpora.keywords().size(),
                        d,
                        seed);
                task.advance(++done, 6);
                metrics.put("keyword-mlc." + variant + ".f1", keywords.f1());
                metrics.put("keyword-mlc.baseline.f1", keywords.baselineF1());
            }
        }

        int[][] victimBags;
        int[][] decodedOwnBags;
        try (Progress.Task task = progress.start(
                "attack attribute-bow (knn decoding)",
                victim.tokens().tokens() + own.tokens().tokens(),
                "tok")) {
            victimBags = bags(
                    victim.tokens(),
                    knn.decoder(device.mechanism())
                            .decode(
                                    victimUpload,
                                    (done, all) -> task.advance(
                                            done,
                                            victim.tokens().tokens()
                                                    + own.tokens().tokens())));
            decodedOwnBags = bags(
                    own.tokens(),
                    knn.decoder(attacker.mechanism())
                            .decode(
                                    ownUpload,
                                    (done, all) -> task.advance(
                                            victim.tokens().tokens() + done,
                                            victim.tokens().tokens()
                                                    + own.tokens().tokens())));
        }
        for (String variant : List.of("naive", "adaptive")) {
            int[][] train = variant.equals("naive") ? attackerTrueBags : decodedOwnBags;
            AttributeScores gender =
                    BagOfTokensAttack.run(train, own.gender(), victimBags, corpora.genderClasses(), seed);
            AttributeScores age = BagOfTokensAttack.run(train, own.age(), victimBags, corpora.ageClasses(), seed);
            putAttribute(metrics, "attribute-bow", variant, gender, age, victim);
        }
    }

    /**
     * Records {@code attack.variant.gender|age} scored per text, with the majority rates, and where a device sends
     * several texts, {@code attack-device.variant.gender|age} scored per device with {@code majority-device.*}.
     */
    private void putAttribute(
            Map<String, Double> metrics,
            String attack,
            String variant,
            AttributeScores gender,
            AttributeScores age,
            AttackCorpora.AttributeTexts victim) {
        putAttribute(metrics, attack, "", variant, "gender", gender.perText(victim.gender()));
        putAttribute(metrics, attack, "", variant, "age", age.perText(victim.age()));
        if (victim.linksTexts()) {
            putAttribute(
                    metrics, attack, "-device", variant, "gender", gender.perDevice(victim.device(), victim.gender()));
            putAttribute(metrics, attack, "-device", variant, "age", age.perDevice(victim.device(), victim.age()));
        }
    }

    private void putAttribute(
            Map<String, Double> metrics,
            String attack,
            String unit,
            String variant,
            String attribute,
            AttributeResult result) {
        metrics.put(attack + unit + "." + variant + "." + attribute, result.accuracy());
        outcome(attack + unit + "." + variant + "." + attribute, result.hits());
        metrics.put("majority" + unit + "." + attribute, result.majorityRate());
    }

    /** Per text, the ids at its non-special positions (the attacker knows where [CLS] and [SEP] sit). */
    private static int[][] bags(EncodedCorpus corpus, int[] ids) {
        int[][] out = new int[corpus.texts()][];
        for (int s = 0; s < corpus.texts(); s++) {
            int from = corpus.offsets()[s];
            int to = corpus.offsets()[s + 1];
            int[] bag = new int[to - from];
            int n = 0;
            for (int t = from; t < to; t++) {
                if (!corpus.special()[t]) {
                    bag[n++] = ids[t];
                }
            }
            out[s] = Arrays.copyOf(bag, n);
        }
        return out;
    }

    /** Records {@code name.top1} and {@code name.top5}, and their per-token hits when the rates carry them. */
    private void put(Map<String, Double> metrics, String name, AttackRates rates) {
        metrics.put(name + ".top1", rates.top1());
        metrics.put(name + ".top5", rates.top5());
        outcome(name + ".top1", rates.top1Hits());
        outcome(name + ".top5", rates.top5Hits());
    }

    private void outcome(String metric, boolean[] hits) {
        if (hits != null && hits.length > 0) {
            outcomes.put(metric, Outcomes.encode(hits));
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (NaiveAttackers naive : naiveBySeed.values()) { // every model's native memory, whatever one close throws
            try {
                naive.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
