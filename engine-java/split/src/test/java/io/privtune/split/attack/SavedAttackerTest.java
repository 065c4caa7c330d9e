package io.privtune.split.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.io.SafetensorsException;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.SafetensorsWriter;
import io.privtune.core.io.Tensor;
import io.privtune.core.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A saved and loaded learned attacker predicts exactly as the trained one; a cut file is an error, not a model. */
class SavedAttackerTest {
    private static final int D = CountingTexts.D;

    @TempDir
    Path dir;

    private interface Saving {
        void save(SafetensorsWriter out, String prefix);
    }

    private interface Loading<T> {
        T load(SafetensorsFile in, String prefix);
    }

    private Path saved(Saving model) {
        Path file = dir.resolve("saved.safetensors");
        SafetensorsWriter out = new SafetensorsWriter();
        model.save(out, "m.");
        out.write(file);
        return file;
    }

    private static <T> T loaded(Path file, Loading<T> loading) {
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            return loading.load(in, "m.");
        }
    }

    /** Loading a proper prefix of the file fails with a read error (never a model), here a few spread over it. */
    private void truncatedFails(Path file, Loading<? extends AutoCloseable> loading) throws IOException {
        byte[] saved = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.safetensors");
        for (int n : new int[] {0, 7, saved.length / 3, saved.length / 2, saved.length - 1}) {
            Files.write(cut, Arrays.copyOf(saved, n));
            assertThrows(
                    SafetensorsException.class,
                    () -> loaded(cut, loading).close(),
                    "cut at " + n + " of " + saved.length);
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
            Path saved = saved(trained::save);
            try (InversionModelAttack loaded = loaded(saved, InversionModelAttack::load)) {
                AttackRates rates = trained.attack(victim.rows(), victim.ids(), victim.special());
                assertTrue(rates.top1() > 0.3, "a model worth comparing: " + rates);
                assertSameRates(rates, loaded.attack(victim.rows(), victim.ids(), victim.special()));
                assertEquals(trained.keptEpoch(), loaded.keptEpoch());
                assertEquals(trained.knownTokens(), loaded.knownTokens());
            }
            truncatedFails(saved, InversionModelAttack::load);
            SafetensorsException other =
                    assertThrows(SafetensorsException.class, () -> loaded(saved, ContextualInversionAttack::load));
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
                    MlpClassifier loaded = loaded(saved(classifier::save), MlpClassifier::load)) {
                assertTrue(loaded.multiLabel());
                assertArrayEquals(classifier.scores(victim.rows()), loaded.scores(victim.rows()));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ContextualInversionAttack.Architecture.class)
    void contextualInversionModel(ContextualInversionAttack.Architecture architecture) throws Exception {
        SplittableRandom random = new SplittableRandom(2);
        float[][] embedding = CountingTexts.embedding(random);
        ContextualInversionAttack.Texts attacker = CountingTexts.counting(120, embedding, random);
        ContextualInversionAttack.Texts victim = CountingTexts.counting(40, embedding, random);
        try (OneTorchThread oneThread = new OneTorchThread();
                ContextualInversionAttack trained = ContextualInversionAttack.train(
                        attacker,
                        new ContextualInversionAttack.Config(16, 16, 1e-2f, architecture),
                        new TrainingBudget(4, 1, 0.2),
                        7,
                        ProgressListener.NONE)) {
            Path saved = saved(trained::save);
            try (SafetensorsFile file = SafetensorsFile.open(saved)) {
                assertEquals(
                        architecture != ContextualInversionAttack.Architecture.BILSTM,
                        file.tensors().containsKey("m.architecture"),
                        "a BiLSTM's file is as before the transformer existed");
            }
            try (ContextualInversionAttack loaded = loaded(saved, ContextualInversionAttack::load)) {
                assertEquals(trained.config(), loaded.config());
                AttackRates rates = trained.attack(victim);
                assertTrue(rates.top1() > 0.2, "a model worth comparing: " + rates);
                assertSameRates(rates, loaded.attack(victim));
                assertEquals(trained.keptEpoch(), loaded.keptEpoch());
                assertEquals(trained.knownTokens(), loaded.knownTokens());
            }
            truncatedFails(saved, ContextualInversionAttack::load);
            if (architecture == ContextualInversionAttack.Architecture.TRANSFORMER) {
                Path unknown = withArchitectureCode(saved, 7);
                SafetensorsException e = assertThrows(
                        SafetensorsException.class, () -> loaded(unknown, ContextualInversionAttack::load));
                assertTrue(
                        e.getMessage().contains(unknown.getFileName().toString())
                                && e.getMessage().contains("unknown architecture code 7"),
                        e.getMessage());
            }
        }
    }

    /** A copy of a saved model with its architecture tensor set to {@code code}. */
    private Path withArchitectureCode(Path saved, int code) {
        Path copy = dir.resolve("code-" + code + ".safetensors");
        SafetensorsWriter out = new SafetensorsWriter();
        try (SafetensorsFile in = SafetensorsFile.open(saved)) {
            in.metadata().forEach(out::metadata);
            for (Tensor t : in.tensors().values()) {
                switch (t.dtype()) {
                    case F32 -> out.addF32(t.name(), t.toFloatArray(), t.shape());
                    case I64 -> out.addI64(t.name(), t.toLongArray(), t.shape());
                    case I32 ->
                        out.addI32(
                                t.name(),
                                t.name().equals("m.architecture") ? new int[] {code} : t.toIntArray(),
                                t.shape());
                    default -> throw new IllegalStateException("unexpected " + t.dtype());
                }
            }
        }
        out.write(copy);
        return copy;
    }
}
