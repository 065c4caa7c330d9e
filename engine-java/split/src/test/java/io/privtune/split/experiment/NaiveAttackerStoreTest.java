package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.progress.ProgressListener;
import io.privtune.core.testing.LogCapture;
import io.privtune.split.attack.ContextualInversionAttack;
import io.privtune.split.attack.CountingTexts;
import io.privtune.split.attack.InversionModelAttack;
import io.privtune.split.attack.OneTorchThread;
import io.privtune.split.attack.TrainingBudget;
import io.privtune.split.model.EncodedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The naive attackers are trained once per key and folder, loaded after, and a damaged entry is retrained. */
class NaiveAttackerStoreTest {
    private static final int D = CountingTexts.D;
    private static final AttackSettings SETTINGS = settings(1, 1, 16, 0);

    private final SplittableRandom random = new SplittableRandom(5);
    private final float[][] embedding = CountingTexts.embedding(random);
    private final EncodedCorpus corpus = corpus(CountingTexts.counting(40, embedding, random));
    private final ContextualInversionAttack.Texts victim = CountingTexts.counting(10, embedding, random);
    private final AtomicInteger trainings = new AtomicInteger();
    private OneTorchThread oneThread;

    @BeforeEach
    void oneThread() {
        oneThread = new OneTorchThread();
    }

    @AfterEach
    void threadsBack() {
        oneThread.close();
    }

    private static AttackSettings settings(int patience, int inversionEpochs, int contextualHidden, int sentences) {
        return new AttackSettings(
                150, inversionEpochs, 2, 3, 0.3f, 120, 30, 32, patience, 0.1, 1, contextualHidden, sentences, false, 0);
    }

    private static EncodedCorpus corpus(ContextualInversionAttack.Texts texts) {
        return with(texts.rows(), texts.ids(), texts.special(), texts.offsets());
    }

    /** A tiny naive pair, counted: what AttackSuite trains, at a test's budget. */
    private Supplier<NaiveAttackers> training(long seed) {
        return () -> {
            trainings.incrementAndGet();
            InversionModelAttack inversion = InversionModelAttack.train(
                    corpus.representations(),
                    corpus.ids(),
                    corpus.special(),
                    corpus.offsets(),
                    D,
                    TrainingBudget.fixed(2),
                    seed,
                    ProgressListener.NONE);
            ContextualInversionAttack contextual = ContextualInversionAttack.train(
                    new ContextualInversionAttack.Texts(
                            corpus.representations(), corpus.ids(), corpus.special(), corpus.offsets(), D),
                    ContextualInversionAttack.Config.of(4),
                    TrainingBudget.fixed(1),
                    seed,
                    ProgressListener.NONE);
            return new NaiveAttackers(inversion, contextual, false);
        };
    }

    private void assertSamePredictions(NaiveAttackers expected, NaiveAttackers actual) {
        assertArrayEquals(
                expected.inversion()
                        .attack(victim.rows(), victim.ids(), victim.special())
                        .top5Hits(),
                actual.inversion()
                        .attack(victim.rows(), victim.ids(), victim.special())
                        .top5Hits());
        assertArrayEquals(
                expected.contextual().attack(victim).top5Hits(),
                actual.contextual().attack(victim).top5Hits());
        assertEquals(expected.inversion().keptEpoch(), actual.inversion().keptEpoch());
        assertEquals(expected.contextual().keptEpoch(), actual.contextual().keptEpoch());
    }

    @Test
    void trainsOnceThenLoads(@TempDir Path folder) {
        String key = NaiveAttackerStore.key(corpus, SETTINGS, 0);
        NaiveAttackerStore store = new NaiveAttackerStore(folder);
        try (NaiveAttackers trained = store.get(key, training(0));
                NaiveAttackers loaded = new NaiveAttackerStore(folder).get(key, training(0))) { // another process's
            assertEquals(1, trainings.get());
            assertFalse(trained.loaded());
            assertTrue(loaded.loaded());
            assertSamePredictions(trained, loaded);
        }
        assertTrue(Files.isRegularFile(store.file(key)));
        assertTrue(Files.isRegularFile(store.lockFile(key)), "the processes' lock");
    }

    @Test
    void theKeyNamesEverythingTheWeightsDependOn() {
        String key = NaiveAttackerStore.key(corpus, SETTINGS, 0);
        EncodedCorpus c = corpus;
        EncodedCorpus copy = with(
                c.representations().clone(),
                c.ids().clone(),
                c.special().clone(),
                c.offsets().clone());
        assertEquals(key, NaiveAttackerStore.key(copy, SETTINGS, 0), "the same arrays, the same key");

        float[] rows = copy.representations();
        rows[17] += 1e-6f;
        int[] ids = copy.ids();
        ids[3] = (ids[3] + 1) % CountingTexts.V;
        boolean[] special = copy.special();
        special[3] = !special[3];
        int[] offsets = copy.offsets();
        offsets[1]++;
        List<String> keys = List.of(
                key,
                NaiveAttackerStore.key(c, SETTINGS, 1),
                NaiveAttackerStore.key(with(rows, c.ids(), c.special(), c.offsets()), SETTINGS, 0),
                NaiveAttackerStore.key(with(c.representations(), ids, c.special(), c.offsets()), SETTINGS, 0),
                NaiveAttackerStore.key(with(c.representations(), c.ids(), special, c.offsets()), SETTINGS, 0),
                NaiveAttackerStore.key(with(c.representations(), c.ids(), c.special(), offsets), SETTINGS, 0),
                NaiveAttackerStore.key(c, settings(2, 1, 16, 0), 0),
                NaiveAttackerStore.key(c, settings(1, 2, 16, 0), 0),
                NaiveAttackerStore.key(c, settings(1, 1, 8, 0), 0),
                NaiveAttackerStore.key(c, settings(1, 1, 16, 10), 0),
                NaiveAttackerStore.key(c, withNaiveEpochs(settings(1, 4, 16, 0), 3), 0)); // the naive MLP cut to 3 of 4
        assertEquals(keys.size(), new HashSet<>(keys).size(), String.join("\n", keys));
        // the key reads the naive models' budgets: a naive cap at or above the adaptive caps (1 and 1) trains the same
        // models
        assertEquals(key, NaiveAttackerStore.key(c, withNaiveEpochs(SETTINGS, 1), 0));
        assertEquals(key, NaiveAttackerStore.key(c, withNaiveEpochs(SETTINGS, 3), 0));
    }

    private static AttackSettings withNaiveEpochs(AttackSettings a, int naiveEpochs) {
        return new AttackSettings(
                a.auxiliarySentences(),
                a.inversionEpochs(),
                a.optimisationSentences(),
                a.optimisationSteps(),
                a.optimisationRate(),
                a.attributeTexts(),
                a.keywords(),
                a.maxLength(),
                a.patience(),
                a.heldOut(),
                a.contextualEpochs(),
                a.contextualHidden(),
                a.contextualSentences(),
                a.freshAdaptiveNoise(),
                naiveEpochs);
    }

    private static EncodedCorpus with(float[] rows, int[] ids, boolean[] special, int[] offsets) {
        return new EncodedCorpus(rows, ids, special, null, offsets, D);
    }

    @Test
    void aDamagedEntryIsReportedAndRetrained(@TempDir Path folder) throws IOException {
        NaiveAttackerStore store = new NaiveAttackerStore(folder);
        String key = NaiveAttackerStore.key(corpus, SETTINGS, 0);
        store.get(key, training(0)).close();
        Path file = store.file(key);
        byte[] whole = Files.readAllBytes(file);
        byte[] flipped = whole.clone();
        flipped[whole.length / 2] ^= 1;
        int expected = 1;
        for (byte[] damaged : List.of(Arrays.copyOf(whole, whole.length / 2), flipped, new byte[0])) {
            Files.write(file, damaged);
            List<String> log;
            try (LogCapture capture = LogCapture.privtune();
                    NaiveAttackers again = store.get(key, training(0))) {
                log = capture.messages();
                assertFalse(again.loaded(), "retrained");
            }
            assertEquals(++expected, trainings.get());
            assertTrue(
                    log.stream().anyMatch(l -> l.contains(file.toString()) && l.contains("retraining")),
                    String.join("\n", log));
            assertArrayEquals(whole, Files.readAllBytes(file), "the same training, the same entry");
            try (NaiveAttackers loaded = new NaiveAttackerStore(folder).get(key, training(0))) {
                assertTrue(loaded.loaded(), "valid again");
            }
            assertEquals(expected, trainings.get());
        }
    }

    @Test
    void aFolderThatCannotBeWrittenOnlyCostsTheCache(@TempDir Path dir) throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("taken"), "a file where the folder would be");
        String key = NaiveAttackerStore.key(corpus, SETTINGS, 0);
        List<String> log;
        try (LogCapture capture = LogCapture.privtune();
                NaiveAttackers trained = new NaiveAttackerStore(notAFolder).get(key, training(0))) {
            log = capture.messages();
            assertFalse(trained.loaded());
        }
        assertEquals(1, trainings.get());
        assertTrue(log.stream().anyMatch(l -> l.contains("cannot lock")), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.contains("cannot store")), String.join("\n", log));
    }

    @Test
    void aSecondRequestWaitsForTheTrainingUnderWay(@TempDir Path folder) throws Exception {
        String key = NaiveAttackerStore.key(corpus, SETTINGS, 0);
        CountDownLatch started = new CountDownLatch(1);
        Supplier<NaiveAttackers> slow = () -> {
            started.countDown();
            try {
                Thread.sleep(300); // the other request arrives while this one trains
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return training(0).get();
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<NaiveAttackers> got = new ArrayList<>();
        try {
            Future<NaiveAttackers> first = pool.submit(() -> new NaiveAttackerStore(folder).get(key, slow));
            started.await();
            Future<NaiveAttackers> second = pool.submit(() -> new NaiveAttackerStore(folder).get(key, training(0)));
            got.add(first.get());
            got.add(second.get());
        } finally {
            pool.shutdown();
            got.forEach(NaiveAttackers::close);
        }
        assertEquals(1, trainings.get());
        assertFalse(got.get(0).loaded());
        assertTrue(got.get(1).loaded());
    }
}
