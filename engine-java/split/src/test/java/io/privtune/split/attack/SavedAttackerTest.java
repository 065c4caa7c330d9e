package io.privtune.split.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.progress.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A saved and loaded learned attacker predicts exactly as the trained one; a cut stream is an error, not a model. */
class SavedAttackerTest {
    private static final int D = CountingTexts.D;

    private interface Saving {
        void save(DataOutputStream out) throws IOException;
    }

    private interface Loading<T> {
        T load(DataInputStream in) throws IOException;
    }

    private static byte[] saved(Saving model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.save(out);
        }
        return bytes.toByteArray();
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    /** Loading every proper prefix fails with a read error (never a model), here a few spread over the stream. */
    private static void truncatedFails(byte[] saved, Loading<? extends AutoCloseable> loading) {
        for (int cut : new int[] {0, 7, saved.length / 3, saved.length / 2, saved.length - 1}) {
            assertThrows(
                    IOException.class,
                    () -> loading.load(in(Arrays.copyOf(saved, cut))).close(),
                    "cut at " + cut + " of " + saved.length);
        }
    }

    static void assertSameRates(AttackRates expected, AttackRates actual) {
        assertEquals(expected.attacked(), actual.attacked());
        assertEquals(expected.top1(), actual.top1(), 0.0);
        assertEquals(expected.top5(), actual.top5(), 0.0);
        assertArrayEquals(expected.top1Hits(), actual.top1Hits());
        assertArrayEquals(expected.top5Hits(), actual.top5Hits());
    }

    @Test
    void inversionModelAndItsClassifier() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        float[][] embedding = CountingTexts.embedding(random);
        ContextualInversionAttack.Texts attacker = CountingTexts.counting(120, embedding, random);
        ContextualInversionAttack.Texts victim = CountingTexts.counting(40, embedding, random);
        try (OneTorchThread oneThread = new OneTorchThread();
                InversionModelAttack trained = InversionModelAttack.train(
                        attacker.rows(),
                        attacker.ids(),
                        attacker.special(),
                        attacker.offsets(),
                        D,
                        new TrainingBudget(4, 1, 0.2),
                        7,
                        ProgressListener.NONE)) {
            byte[] saved = saved(trained::save);
            try (InversionModelAttack loaded = InversionModelAttack.load(in(saved))) {
                AttackRates rates = trained.attack(victim.rows(), victim.ids(), victim.special());
                assertTrue(rates.top1() > 0.3, "a model worth comparing: " + rates);
                assertSameRates(rates, loaded.attack(victim.rows(), victim.ids(), victim.special()));
                assertEquals(trained.keptEpoch(), loaded.keptEpoch());
                assertEquals(trained.knownTokens(), loaded.knownTokens());
            }
            truncatedFails(saved, InversionModelAttack::load);
            IOException other = assertThrows(IOException.class, () -> ContextualInversionAttack.load(in(saved)));
            assertTrue(other.getMessage().contains("contextual inversion model"), other.getMessage());

            // the classifier on its own: the same logits to the bit, multi-label too
            float[] targets = new float[attacker.ids().length * 3];
            for (int i = 0; i < attacker.ids().length; i++) {
                targets[i * 3 + attacker.ids()[i] % 3] = 1;
            }
            try (MlpClassifier classifier = MlpClassifier.trainMultiLabel(
                            attacker.rows(),
                            D,
                            targets,
                            3,
                            new MlpClassifier.Config(6, 2, 64, 1e-2f, 3),
                            ProgressListener.NONE);
                    MlpClassifier loaded = MlpClassifier.load(in(saved(classifier::save)))) {
                assertTrue(loaded.multiLabel());
                assertArrayEquals(classifier.scores(victim.rows()), loaded.scores(victim.rows()));
            }
        }
    }

    @Test
    void contextualInversionModel() throws Exception {
        SplittableRandom random = new SplittableRandom(2);
        float[][] embedding = CountingTexts.embedding(random);
        ContextualInversionAttack.Texts attacker = CountingTexts.counting(120, embedding, random);
        ContextualInversionAttack.Texts victim = CountingTexts.counting(40, embedding, random);
        try (OneTorchThread oneThread = new OneTorchThread();
                ContextualInversionAttack trained = ContextualInversionAttack.train(
                        attacker,
                        new ContextualInversionAttack.Config(16, 16, 1e-2f),
                        new TrainingBudget(4, 1, 0.2),
                        7,
                        ProgressListener.NONE)) {
            byte[] saved = saved(trained::save);
            try (ContextualInversionAttack loaded = ContextualInversionAttack.load(in(saved))) {
                AttackRates rates = trained.attack(victim);
                assertTrue(rates.top1() > 0.2, "a model worth comparing: " + rates);
                assertSameRates(rates, loaded.attack(victim));
                assertEquals(trained.keptEpoch(), loaded.keptEpoch());
                assertEquals(trained.knownTokens(), loaded.knownTokens());
            }
            truncatedFails(saved, ContextualInversionAttack::load);
        }
    }
}
