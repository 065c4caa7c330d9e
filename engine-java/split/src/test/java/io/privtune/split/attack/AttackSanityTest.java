package io.privtune.split.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.model.BundledModel;
import io.privtune.core.progress.Progress;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.data.CsvDataset;
import io.privtune.split.data.GlueTsv;
import io.privtune.split.data.LabelledText;
import io.privtune.split.demo.Sst2TestData;
import io.privtune.split.demo.TrustpilotTestData;
import io.privtune.split.model.BertWeights;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.EncodedCorpus;
import io.privtune.split.model.OnnxBertReader;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import io.privtune.split.train.DeviceSide;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The attacks on real MiniLM representations (m = 2) and real text: each does what it claims, on clean and perturbed uploads. */
class AttackSanityTest {
    private static NDManager manager;
    private static BottomModel bottom;
    private static WordPieceTokenizer tokenizer;

    @BeforeAll
    static void load() {
        BertWeights weights =
                OnnxBertReader.read(BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape());
        manager = NDManager.newBaseManager("PyTorch");
        bottom = new BottomModel(weights, 2, manager);
        tokenizer = WordPieceTokenizer.open(BundledModel.ALL_MINILM_L6_V2.tokenizerFile(), 64);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        bottom.close();
        manager.close();
    }

    @Test
    void adaptiveInversionModelIsAtLeastAsStrongAsTheNaiveOne() {
        Path sst2 = Sst2TestData.source();
        List<LabelledText> victimText = GlueTsv.read(sst2.resolve("dev.tsv"), 2, 120);
        List<LabelledText> attackerText = DisjointText.excluding(
                        GlueTsv.read(sst2.resolve("train.tsv"), 2, 800),
                        LabelledText::text,
                        victimText.stream().map(LabelledText::text).toList())
                .rows();
        List<Encoding> victimEncodings = tokenizer.encodeAll(victimText, Progress.SILENT, "victim");
        List<Encoding> attackerEncodings = tokenizer.encodeAll(attackerText, Progress.SILENT, "attacker");
        EncodedCorpus victim = EncodedCorpus.of(victimEncodings, bottom);
        EncodedCorpus attacker = EncodedCorpus.of(attackerEncodings, bottom);
        // dchi at eta = 10 leaves knn about 40 % at m = 2: noisy enough that training on it matters
        MechanismParameters parameters = MechanismParameters.defaults().with(Map.of("eta", "10"));
        NoiseKey deviceKey = NoiseKey.generate();
        NoiseKey attackerKey = NoiseKey.generate();
        DeviceSide device = new DeviceSide(
                bottom, Mechanisms.create("dchi", parameters, MechanismContext.of(deviceKey)), deviceKey);
        DeviceSide attackerCopy = new DeviceSide(
                bottom, Mechanisms.create("dchi", parameters, MechanismContext.of(attackerKey)), attackerKey);
        float[] upload = device.perturb(victim, 0).perturbed();
        float[] attackerUpload = attackerCopy.perturb(attacker, 0).perturbed();
        try (InversionModelAttack naive = InversionModelAttack.train(
                        attacker.representations(),
                        attacker.ids(),
                        attacker.special(),
                        384,
                        2,
                        0,
                        ProgressListener.NONE);
                InversionModelAttack adaptive = InversionModelAttack.train(
                        attackerUpload, attacker.ids(), attacker.special(), 384, 2, 0, ProgressListener.NONE)) {
            AttackRates onClean = naive.attack(victim.representations(), victim.ids(), victim.special());
            AttackRates naiveRates = naive.attack(upload, victim.ids(), victim.special());
            AttackRates adaptiveRates = adaptive.attack(upload, victim.ids(), victim.special());
            assertTrue(onClean.top1() > 0.6, "the naive model inverts clean representations: " + onClean);
            assertTrue(
                    adaptiveRates.top1() >= naiveRates.top1(), "adaptive " + adaptiveRates + " vs naive " + naiveRates);
            assertTrue(adaptiveRates.top5() >= adaptiveRates.top1());
            // the per-token hits behind the rates, for the report's bootstrap intervals
            assertEquals(victim.attackedTokens(), naiveRates.top1Hits().length);
            assertEquals(
                    naiveRates.top1(),
                    io.privtune.split.stats.Outcomes.mean(
                            io.privtune.split.stats.Outcomes.encode(naiveRates.top1Hits())),
                    1e-12);
            assertEquals(
                    adaptiveRates.top5(),
                    io.privtune.split.stats.Outcomes.mean(
                            io.privtune.split.stats.Outcomes.encode(adaptiveRates.top5Hits())),
                    1e-12);
            assertTrue(
                    naiveRates.top1() < onClean.top1(),
                    "noise must cost the naive attacker something: " + naiveRates + " vs " + onClean);
        }
    }

    /**
     * The contextual model under dχ noise: trained on its own perturbed text (adaptive) it reads the victim's upload
     * better than trained on clean text (naive), by a clear margin; both score the same victim tokens.
     */
    @Test
    void adaptiveContextualModelBeatsTheNaiveOneUnderNoise() {
        Path sst2 = Sst2TestData.source();
        List<LabelledText> victimText = GlueTsv.read(sst2.resolve("dev.tsv"), 2, 50);
        List<LabelledText> attackerText = DisjointText.excluding(
                        GlueTsv.read(sst2.resolve("train.tsv"), 2, 250),
                        LabelledText::text,
                        victimText.stream().map(LabelledText::text).toList())
                .rows();
        try (OneTorchThread oneThread = new OneTorchThread()) {
            EncodedCorpus victim = EncodedCorpus.of(tokenizer.encodeAll(victimText, Progress.SILENT, "victim"), bottom);
            EncodedCorpus attacker =
                    EncodedCorpus.of(tokenizer.encodeAll(attackerText, Progress.SILENT, "attacker"), bottom);
            MechanismParameters parameters = MechanismParameters.defaults().with(Map.of("eta", "10"));
            NoiseKey deviceKey = NoiseKey.generate();
            NoiseKey attackerKey = NoiseKey.generate();
            float[] upload = new DeviceSide(
                            bottom, Mechanisms.create("dchi", parameters, MechanismContext.of(deviceKey)), deviceKey)
                    .perturb(victim, 0)
                    .perturbed();
            float[] attackerUpload = new DeviceSide(
                            bottom,
                            Mechanisms.create("dchi", parameters, MechanismContext.of(attackerKey)),
                            attackerKey)
                    .perturb(attacker, 0)
                    .perturbed();
            // small batches and a higher rate: enough steps on 225 texts in a few seconds
            ContextualInversionAttack.Config config = new ContextualInversionAttack.Config(32, 8, 5e-3f);
            TrainingBudget budget = new TrainingBudget(4, 2, 0.1);
            ContextualInversionAttack.Texts read = new ContextualInversionAttack.Texts(
                    upload, victim.ids(), victim.special(), victim.offsets(), victim.dim());
            try (ContextualInversionAttack naive = ContextualInversionAttack.train(
                            new ContextualInversionAttack.Texts(
                                    attacker.representations(),
                                    attacker.ids(),
                                    attacker.special(),
                                    attacker.offsets(),
                                    attacker.dim()),
                            config,
                            budget,
                            0,
                            ProgressListener.NONE);
                    ContextualInversionAttack adaptive = ContextualInversionAttack.train(
                            new ContextualInversionAttack.Texts(
                                    attackerUpload,
                                    attacker.ids(),
                                    attacker.special(),
                                    attacker.offsets(),
                                    attacker.dim()),
                            config,
                            budget,
                            0,
                            ProgressListener.NONE)) {
                AttackRates naiveRates = naive.attack(read);
                AttackRates adaptiveRates = adaptive.attack(read);
                assertTrue(
                        naiveRates.attacked() == victim.attackedTokens(),
                        "the same victim tokens as the other attacks: " + naiveRates.attacked());
                // measured: adaptive 24 %, naive 10 %
                assertTrue(
                        adaptiveRates.top1() > naiveRates.top1() + 0.05,
                        "adaptive " + adaptiveRates + " (kept epoch " + adaptive.keptEpoch() + ") vs naive "
                                + naiveRates + " (kept epoch " + naive.keptEpoch() + ")");
            }
        }
    }

    @Test
    void optimisationAttackRecoversCleanTokensThroughTheBottomModel() {
        List<Encoding> sentences = List.of(
                tokenizer.encode("a charming and often affecting journey"),
                tokenizer.encode("unflinchingly bleak and desperate"));
        PaddedBatch batch = PaddedBatch.of(sentences);
        float[] clean = bottom.forward(batch).hidden();
        OptimisationAttack.Tally tally = new OptimisationAttack(bottom, 40, 0.3f).run(clean, batch);
        assertTrue(
                tally.attacked()
                        == sentences.stream().mapToInt(e -> e.length() - 2).sum(),
                "specials and padding are not attacked");
        assertTrue(tally.top1Rate() > 0.8, "clean m = 2 representations are invertible by optimisation: " + tally);
        assertEquals(tally.attacked(), tally.top1Hits().length);
        int hits = 0;
        for (boolean h : tally.top1Hits()) {
            hits += h ? 1 : 0;
        }
        assertEquals(tally.top1(), hits, "the per-token hits add up to the tally");
        float[] noise = new float[clean.length];
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (random.nextGaussian() * 10);
        }
        OptimisationAttack.Tally onNoise = new OptimisationAttack(bottom, 40, 0.3f).run(noise, batch);
        assertTrue(onNoise.top1Rate() < 0.2, "pure noise reveals nothing: " + onNoise);
    }

    @Test
    void attributeMlpOnCleanRepresentationsBeatsTheMajorityRate() {
        Path trustpilot = TrustpilotTestData.source();
        List<LabelledText> victimRows = CsvDataset.read(
                        trustpilot.resolve("test.csv"), "text", "gender", List.of("F", "M"), 0)
                .rows();
        List<LabelledText> attackerRows = CsvDataset.read(
                        trustpilot.resolve("train.csv"), "text", "gender", List.of("F", "M"), 1500)
                .rows();
        DisjointText.requireDisjoint(
                "test",
                attackerRows.stream().map(LabelledText::text).toList(),
                victimRows.stream().map(LabelledText::text).toList());
        EncodedCorpus victim = EncodedCorpus.of(tokenizer.encodeAll(victimRows, Progress.SILENT, "victim"), bottom);
        EncodedCorpus attacker =
                EncodedCorpus.of(tokenizer.encodeAll(attackerRows, Progress.SILENT, "attacker"), bottom);
        AttributeResult result = AttributeMlpAttack.run(
                        attacker.meanPooled(attacker.representations()),
                        attackerRows.stream().mapToInt(LabelledText::label).toArray(),
                        victim.meanPooled(victim.representations()),
                        2,
                        384,
                        0)
                .perText(victimRows.stream().mapToInt(LabelledText::label).toArray());
        assertTrue(result.accuracy() > result.majorityRate() + 0.03, "gender from clean pooled h: " + result);
    }
}
