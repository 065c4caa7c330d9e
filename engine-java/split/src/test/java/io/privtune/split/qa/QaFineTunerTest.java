package io.privtune.split.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.backend.CpuBackend;
import io.privtune.core.progress.Progress;
import io.privtune.split.data.SquadDataset;
import io.privtune.split.task.SquadScore;
import io.privtune.split.task.SquadTask;
import io.privtune.split.train.FineTuneSettings;
import io.privtune.split.train.NoiseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A QA smoke test that learns: SQuAD-format articles about made-up countries ({@link SyntheticSquad}),
 * 20 articles to train on and 10 others, with other names, to evaluate. A head that learned
 * where answers sit relative to the question's words beats reading fixed positions by far.
 */
class QaFineTunerTest {
    @TempDir
    Path dir;

    @Test
    void learnsToFindAnswersInUnseenArticles() throws IOException {
        Path data = SyntheticSquad.write(dir.resolve("squad"));
        FineTuneSettings settings = new FineTuneSettings(
                "all-minilm-l6-v2",
                2,
                "none",
                Map.of(),
                data,
                4,
                16,
                5e-4f,
                0.1f,
                0.01f,
                0.1f,
                64,
                0,
                16,
                3,
                0,
                100,
                0,
                dir.resolve("out"),
                false,
                SquadTask.NAME);
        QaSummary summary = new QaFineTuner(CpuBackend.INSTANCE, Progress.SILENT)
                .run(settings, new QaOptions(32, 16, 10, 0, QaOptions.Upload.SEPARATE), NoiseSettings.research(1));

        List<SquadDataset.Question> evaluation = SquadTask.load(data).evaluation();
        assertEquals(evaluation.size(), summary.evaluationQuestions());
        double firstWord = baseline(evaluation, true);
        double lastWord = baseline(evaluation, false);
        assertTrue(
                summary.exactMatch() > Math.max(firstWord, lastWord) + 0.3,
                "exact match " + summary.exactMatch() + " vs fixed-position baselines " + firstWord + ", " + lastWord);
        assertTrue(summary.f1() >= summary.exactMatch());
        List<double[]> curve = summary.lossCurve();
        assertTrue(curve.size() >= 2);
        assertTrue(
                curve.get(curve.size() - 1)[1] < 0.7 * curve.get(0)[1],
                "loss falls: " + curve.get(0)[1] + " -> " + curve.get(curve.size() - 1)[1]);
        // every paragraph is asked about twice, yet each context token went up once: its chunk is one upload
        assertEquals(1.0, summary.meanContextReleases());
        assertEquals(1, summary.maxContextReleases());
        assertTrue(Files.readString(dir.resolve("out/summary.json")).contains("\"exactMatch\""));
    }

    @Test
    void jointWindowsSendEachParagraphOncePerQuestionSeparateChunksOnce() throws IOException {
        Path data = SyntheticSquad.write(dir.resolve("squad"));
        List<SquadDataset.Question> train = SquadTask.load(data).train();
        try (io.privtune.split.text.WordPieceTokenizer t = io.privtune.split.text.WordPieceTokenizer.openUncut(
                io.privtune.split.model.ModelSource.resolve("all-minilm-l6-v2").tokenizer())) {
            for (QaOptions.Upload mode : QaOptions.Upload.values()) {
                List<QaWindow> windows =
                        new QaWindows(t, t.boundaryIds(), 64, 32, 16, mode).of(train, Progress.SILENT, "windows");
                int[] releases = QaFineTuner.contextReleases(train, windows, 1);
                double mean = java.util.Arrays.stream(releases).average().orElseThrow();
                if (mode == QaOptions.Upload.JOINT) {
                    assertTrue(mean >= 2, "two questions per paragraph: " + mean);
                } else {
                    assertEquals(1.0, mean);
                    // fresh per-epoch noise sends every chunk again in each epoch, under new noise
                    assertEquals(
                            3.0,
                            java.util.Arrays.stream(QaFineTuner.contextReleases(train, windows, 3))
                                    .average()
                                    .orElseThrow());
                }
            }
        }
    }

    @Test
    void mechanismsThatNeedClassesAreRefusedBeforeAnyWork() throws IOException {
        Path data = SyntheticSquad.write(dir.resolve("squad"));
        FineTuneSettings settings = FineTuneSettings.builder(data, dir.resolve("out"))
                .mechanism("sap-cti", Map.of())
                .task(SquadTask.NAME)
                .build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new QaFineTuner(CpuBackend.INSTANCE, Progress.SILENT)
                        .run(settings, QaOptions.defaults(), NoiseSettings.research(1)));
        assertTrue(e.getMessage().contains("CTI"), e.getMessage());
    }

    /** The exact match of always answering the context's first (or last) word. */
    private static double baseline(List<SquadDataset.Question> questions, boolean first) {
        double sum = 0;
        for (SquadDataset.Question q : questions) {
            String[] words = q.context().split(" ");
            String word = first ? words[0] : words[words.length - 1];
            sum += SquadScore.exactMatch(
                    word, q.answers().stream().map(SquadDataset.Answer::text).toList());
        }
        return sum / questions.size();
    }
}
