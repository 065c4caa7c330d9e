package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.data.SquadDataset;
import io.privtune.split.demo.TrustpilotTestData;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.EncodedCorpus;
import io.privtune.split.model.ModelSource;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.qa.QaFineTuner;
import io.privtune.split.qa.QaOptions;
import io.privtune.split.qa.QaWindow;
import io.privtune.split.qa.QaWindows;
import io.privtune.split.qa.SyntheticSquad;
import io.privtune.split.task.SquadTask;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import io.privtune.split.train.DeviceSide;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token attacks of a QA cell read what its device uploads for the evaluation questions, each text once and byte
 * for byte, and the attacker's texts come from paragraphs no seed fine-tunes on.
 */
class QaTokenTextsTest {
    private static final ModelSource MODEL = ModelSource.resolve("all-minilm-l6-v2");
    private static final int WINDOW = 64;

    @TempDir
    Path dir;

    static ExperimentSettings squad(Path data, Path out, int trainSubset, int seeds, QaOptions qa) {
        return new ExperimentSettings(
                "all-minilm-l6-v2",
                2,
                data,
                TrustpilotTestData.source(),
                out,
                trainSubset,
                1,
                16,
                5e-4f,
                WINDOW,
                16,
                0,
                new AttackSettings(150, 1, 2, 3, 0.3f, 120, 30, WINDOW, 1, 0.1, 1, 16, 0, false, 0),
                List.of(CellSpec.parse("none"), CellSpec.parse("dchi:eta=5")),
                seeds,
                SquadTask.NAME,
                qa);
    }

    @Test
    void theVictimTextsAreTheDistinctUploadsOfTheEvaluationQuestionsByteForByte() throws IOException {
        Path data = SyntheticSquad.write(dir.resolve("squad"));
        ExperimentSettings s =
                squad(data, dir.resolve("out"), 40, 1, new QaOptions(32, 16, 10, 0, QaOptions.Upload.SEPARATE));
        SquadTask.Splits splits = SquadTask.load(data);
        QaTokenTexts.Chosen chosen = QaTokenTexts.choose(splits, s, MODEL.tokenizer(), Progress.SILENT);
        List<Encoding> victim = chosen.tokens().victim();

        List<QaWindow> windows;
        try (WordPieceTokenizer t = WordPieceTokenizer.openUncut(MODEL.tokenizer())) {
            windows = new QaWindows(t, t.boundaryIds(), WINDOW, s.qa())
                    .of(QaFineTuner.evaluationQuestions(splits, s.qa()), Progress.SILENT, "windows");
        }
        Set<String> uploaded = new LinkedHashSet<>();
        Set<String> chunks = new HashSet<>();
        for (QaWindow w : windows) {
            w.texts().forEach(text -> uploaded.add(QaWindows.key(text)));
            chunks.add(QaWindows.key(w.texts().get(1)));
        }
        assertEquals(List.copyOf(uploaded), victim.stream().map(QaWindows::key).toList(), "each uploaded text once");
        // every paragraph is asked about twice: its chunk serves two windows and is one upload, counted once
        assertTrue(chunks.size() < windows.size(), chunks.size() + " chunks for " + windows.size() + " windows");
        assertTrue(victim.size() < 2 * windows.size());

        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                BottomModel bottom = new BottomModel(MODEL.weights(), 2, manager)) {
            AttackCorpora corpora = AttackCorpora.prepare(
                    chosen.tokens(),
                    chosen.victimSeen(),
                    AttributeCorpus.trustpilot(TrustpilotTestData.source()),
                    s.attacks(),
                    s.seed(),
                    MODEL.tokenizer(),
                    bottom,
                    Progress.SILENT);
            NoiseKey key = NoiseKey.researchSeed(3);
            DeviceSide device = new DeviceSide(
                    bottom,
                    Mechanisms.create(
                            "dchi", MechanismParameters.defaults().with(Map.of("eta", "10")), MechanismContext.of(key)),
                    key);
            // what the attacks read (AttackSuite perturbs the victim corpus in release 0) ...
            EncodedCorpus read = corpora.victimTokens();
            float[] attacked = device.perturb(read, 0).perturbed();
            Map<String, Integer> row = new HashMap<>();
            for (int i = 0; i < victim.size(); i++) {
                row.put(QaWindows.key(victim.get(i)), i);
            }
            // ... is what the QA tuner's evaluation sends for every window, text by text
            int d = read.dim();
            for (int from = 0; from < windows.size(); from += 8) {
                List<QaWindow> part = windows.subList(from, Math.min(windows.size(), from + 8));
                PaddedBatch batch =
                        PaddedBatch.of(part.stream().map(QaWindow::encoding).toList());
                List<Encoding> texts =
                        part.stream().flatMap(w -> w.texts().stream()).toList();
                float[] upload = device.prepareJoined(texts, 2, batch, 0).representations();
                for (int b = 0; b < part.size(); b++) {
                    int at = 0;
                    for (Encoding text : part.get(b).texts()) {
                        int r = row.get(QaWindows.key(text));
                        int offset = read.offsets()[r];
                        assertEquals(text.length(), read.offsets()[r + 1] - offset);
                        assertArrayEquals(
                                Arrays.copyOfRange(attacked, offset * d, (offset + text.length()) * d),
                                Arrays.copyOfRange(
                                        upload,
                                        (b * batch.length() + at) * d,
                                        (b * batch.length() + at + text.length()) * d),
                                "window " + (from + b) + ": the attacks read the bytes the cloud received");
                        at += text.length();
                    }
                }
            }
        }
    }

    @Test
    void theAttackersTextsComeFromParagraphsNoSeedTrainsOnAndNeverFromTheVictims() throws IOException {
        Path data = SyntheticSquad.write(dir.resolve("squad"));
        for (QaOptions.Upload layout : QaOptions.Upload.values()) {
            ExperimentSettings s = squad(data, dir.resolve("out"), 30, 3, new QaOptions(32, 16, 10, 20, layout));
            SquadTask.Splits splits = SquadTask.load(data);
            QaTokenTexts.Chosen chosen = QaTokenTexts.choose(splits, s, MODEL.tokenizer(), Progress.SILENT);
            List<String> attacker =
                    chosen.tokens().attacker().stream().map(QaWindows::key).toList();
            assertFalse(attacker.isEmpty());
            assertTrue(attacker.size() <= s.attacks().auxiliarySentences());

            List<SquadDataset.Question> sent = new ArrayList<>(QaFineTuner.evaluationQuestions(splits, s.qa()));
            Set<String> trainedParagraphs = new HashSet<>();
            for (long seed = 0; seed < 3; seed++) {
                List<SquadDataset.Question> sample = QaFineTuner.trainingQuestions(splits, 30, seed);
                sent.addAll(sample);
                sample.forEach(q -> trainedParagraphs.add(q.context()));
            }
            List<SquadDataset.Question> onTrainedParagraphs = splits.train().stream()
                    .filter(q -> trainedParagraphs.contains(q.context()))
                    .toList();
            assertTrue(onTrainedParagraphs.size() > 30, "three seeds' samples together: " + onTrainedParagraphs.size());
            Set<String> victimTexts = new HashSet<>(); // every text the victim's device sends, in any seed
            Set<String> trainedContexts = new HashSet<>(); // every chunk or window of a paragraph some seed trains on
            try (WordPieceTokenizer t = WordPieceTokenizer.openUncut(MODEL.tokenizer())) {
                QaWindows windows = new QaWindows(t, t.boundaryIds(), WINDOW, s.qa());
                windows.of(sent, Progress.SILENT, "windows")
                        .forEach(w -> w.texts().forEach(text -> victimTexts.add(QaWindows.key(text))));
                windows.of(onTrainedParagraphs, Progress.SILENT, "windows")
                        .forEach(w -> trainedContexts.add(
                                QaWindows.key(w.texts().get(w.texts().size() - 1))));
            }
            assertEquals(
                    List.of(),
                    attacker.stream().filter(victimTexts::contains).toList(),
                    layout + ": attacker texts the victim sends");
            assertEquals(
                    List.of(),
                    attacker.stream().filter(trainedContexts::contains).toList(),
                    layout + ": attacker texts of paragraphs a seed trains on");
            // the made-up countries recur, so some questions repeat word for word: those are dropped
            if (layout == QaOptions.Upload.SEPARATE) {
                assertTrue(chosen.tokens().dropped() > 0, "repeated questions are dropped as victim text");
            }
        }
    }

    @Test
    void everyParagraphInSomeSeedsSampleLeavesNothingForTheAttackerAndSaysSo() throws IOException {
        Path data = SyntheticSquad.write(dir.resolve("squad"));
        ExperimentSettings s = squad(data, dir.resolve("out"), 0, 1, QaOptions.defaults());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> QaTokenTexts.choose(SquadTask.load(data), s, MODEL.tokenizer(), Progress.SILENT));
        assertTrue(e.getMessage().contains("--train-subset"), e.getMessage());
    }
}
