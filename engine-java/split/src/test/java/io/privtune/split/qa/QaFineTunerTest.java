package io.privtune.split.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A QA smoke test that learns: SQuAD-format articles about made-up countries (capital, river, in shuffled
 * sentence order), 20 articles to train on and 10 others, with other names, to evaluate. A head that learned
 * where answers sit relative to the question's words beats reading fixed positions by far.
 */
class QaFineTunerTest {
    private static final String[] NAMES = {
        "norland", "vesta", "arbor", "calden", "dunmore", "elbury", "farrow", "glenwick", "harlow", "islay",
        "jarrow", "kelso", "lanark", "morven", "nairn", "orkney", "pendle", "quarry", "rydal", "selkirk",
        "tarbet", "ullapool", "varden", "wexley", "yarrow", "zennor", "ashby", "brora", "crail", "dornoch",
        "eyemouth", "fintry", "gairloch", "hawick", "irvine", "jedburgh", "kippen", "lairg", "melrose", "newburgh"
    };

    @TempDir
    Path dir;

    @Test
    void learnsToFindAnswersInUnseenArticles() throws IOException {
        Path data = syntheticSquad(dir.resolve("squad"));
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
        Path data = syntheticSquad(dir.resolve("squad"));
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
        Path data = syntheticSquad(dir.resolve("squad"));
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

    /** 30 articles of 4 paragraphs, each about one country with a capital and a river, asked about both. */
    static Path syntheticSquad(Path folder) throws IOException {
        Random random = new Random(7);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode articles = root.putArray("data");
        int name = 0;
        for (int a = 0; a < 30; a++) {
            ObjectNode article = articles.addObject();
            article.put("title", "article " + a);
            ArrayNode paragraphs = article.putArray("paragraphs");
            for (int p = 0; p < 4; p++) {
                String country = NAMES[random.nextInt(NAMES.length)] + "ia";
                String capital = NAMES[random.nextInt(NAMES.length)] + "ton";
                String river = NAMES[random.nextInt(NAMES.length)];
                List<String> sentences = new ArrayList<>(List.of(
                        "The capital of " + country + " is " + capital + ".",
                        "The " + river + " river flows through " + country + ".",
                        country + " is known for its mountains.",
                        "Many people visit " + country + " in summer."));
                Collections.shuffle(sentences, random);
                String context = String.join(" ", sentences);
                ObjectNode paragraph = paragraphs.addObject();
                paragraph.put("context", context);
                ArrayNode qas = paragraph.putArray("qas");
                question(qas, "q" + name++, "What is the capital of " + country + "?", capital, context);
                question(qas, "q" + name++, "Which river flows through " + country + "?", river, context);
            }
        }
        Files.createDirectories(folder);
        json.writeValue(folder.resolve(SquadTask.FILE).toFile(), root);
        return folder;
    }

    private static void question(ArrayNode qas, String id, String text, String answer, String context) {
        ObjectNode qa = qas.addObject();
        qa.put("id", id);
        qa.put("question", text);
        ObjectNode a = qa.putArray("answers").addObject();
        a.put("text", answer);
        a.put("answer_start", context.indexOf(answer + (answer.endsWith("ton") ? "." : " river")));
    }
}
