package io.privtune.split.qa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.progress.Progress;
import io.privtune.split.data.SquadDataset;
import io.privtune.split.demo.Sst2TestData;
import io.privtune.split.model.ModelSource;
import io.privtune.split.task.SquadScore;
import io.privtune.split.task.SquadTask;
import io.privtune.split.text.WordPieceTokenizer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QaWindowsTest {
    private static WordPieceTokenizer tokenizer;
    private static int[] boundary;

    @BeforeAll
    static void open() {
        tokenizer = WordPieceTokenizer.openUncut(
                ModelSource.resolve("all-minilm-l6-v2").tokenizer());
        boundary = tokenizer.boundaryIds();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void piecesMapBackToTheTextInJavaIndicesPastCharactersOutsideTheBmp() {
        String text = "\ud83d\ude00 Café owners in Zürich";
        WordPieceTokenizer.Pieces pieces = tokenizer.pieces(text);
        List<String> spans = new java.util.ArrayList<>();
        for (int i = 0; i < pieces.length(); i++) {
            spans.add(text.substring(pieces.start()[i], pieces.end()[i]));
        }
        // the emoji is one code point but two UTF-16 units: code-point offsets would end one short
        assertEquals("\ud83d\ude00", spans.get(0), spans.toString());
        assertTrue(spans.contains("owners"), spans.toString());
        assertEquals(text.length(), pieces.end()[pieces.length() - 1], spans.toString());
        assertEquals("Zürich", text.substring(pieces.start()[spans.indexOf("in") + 1]), spans.toString());
    }

    @Test
    void everyGoldSpanOfTheRealDevSetMapsBackToItsAnswer() {
        SquadTask.Splits splits =
                SquadTask.load(Sst2TestData.require("privtune.squad", "squad_v1.1", "dev-v1.1.json", "SQuAD v1.1"));
        List<SquadDataset.Question> questions = splits.evaluation().subList(0, 400);
        QaWindows windows = new QaWindows(tokenizer, boundary, 128, 48, 32, QaOptions.Upload.JOINT);
        List<QaWindow> all = windows.of(questions, Progress.SILENT, "windows");
        int whole = 0;
        int multi = 0;
        for (int q = 0; q < questions.size(); q++) {
            int question = q;
            List<QaWindow> mine =
                    all.stream().filter(w -> w.question() == question).toList();
            assertFalse(mine.isEmpty());
            multi += mine.size() > 1 ? 1 : 0;
            boolean found = false;
            for (QaWindow w : mine) {
                assertTrue(w.length() <= 128, "window of " + w.length() + " tokens");
                assertEquals(boundary[0], w.encoding().ids()[0]);
                assertEquals(boundary[1], w.encoding().ids()[w.length() - 1]);
                if (w.holdsAnswer()) {
                    found = true;
                    String span = questions.get(q).context().substring(w.charStart()[w.start()], w.charEnd()[w.end()]);
                    String gold = questions.get(q).answers().get(0).text();
                    // word pieces widen an answer that starts or ends inside a word ("1990s" for "1990"): F1 stays high
                    assertTrue(
                            SquadScore.f1(span, List.of(gold)) >= 0.5,
                            "question " + questions.get(q).id() + ": span '" + span + "' for '" + gold + "'");
                    whole += SquadScore.exactMatch(span, List.of(gold)) == 1 ? 1 : 0;
                } else {
                    assertEquals(0, w.start());
                    assertEquals(0, w.end());
                }
            }
            assertTrue(found, "question " + questions.get(q).id() + ": no window holds its answer");
        }
        assertTrue(whole > 0.95 * questions.size(), whole + " of " + questions.size() + " spans are exact");
        assertTrue(multi > 0, "some contexts need more than one window at 128 tokens");
    }

    @Test
    void successiveWindowsOverlapByTheStrideAndCoverTheWholeContext() {
        // 601 pieces: more than the model's 512, which the tokenizer must not cut
        String context = String.join(" ", java.util.Collections.nCopies(200, "alpha beta gamma")) + " omega";
        SquadDataset.Question question = new SquadDataset.Question(
                "q", "Which word ends it?", context, List.of(new SquadDataset.Answer("omega", context.length() - 5)));
        List<QaWindow> windows = new QaWindows(tokenizer, boundary, 64, 20, 16, QaOptions.Upload.JOINT).of(0, question);
        int contextPieces = tokenizer.pieces(context).length();
        assertEquals(601, contextPieces);
        int questionPieces = tokenizer.pieces(question.question()).length();
        int room = 64 - questionPieces - 3;
        assertEquals((int) Math.ceil((contextPieces - room) / 20.0) + 1, windows.size());
        QaWindow first = windows.get(0);
        QaWindow second = windows.get(1);
        int offset = questionPieces + 2;
        assertEquals(first.charStart()[offset + 20], second.charStart()[offset], "the second starts 20 pieces later");
        QaWindow last = windows.get(windows.size() - 1);
        assertTrue(last.holdsAnswer());
        assertEquals("omega", context.substring(last.charStart()[last.start()], last.charEnd()[last.end()]));
        assertTrue(windows.subList(0, windows.size() - 1).stream().noneMatch(QaWindow::holdsAnswer));
    }

    @Test
    void separateChunksAreTheSameTextsForEveryQuestionOnAParagraph() {
        String context = String.join(" ", java.util.Collections.nCopies(40, "alpha beta gamma")) + " omega";
        SquadDataset.Answer omega = new SquadDataset.Answer("omega", context.length() - 5);
        QaWindows windows = new QaWindows(tokenizer, boundary, 64, 20, 16, QaOptions.Upload.SEPARATE);
        List<QaWindow> shortQuestion =
                windows.of(0, new SquadDataset.Question("a", "Which word?", context, List.of(omega)));
        List<QaWindow> longQuestion = windows.of(
                1,
                new SquadDataset.Question(
                        "b", "Which word comes last in this long and repetitive text?", context, List.of(omega)));
        assertEquals(shortQuestion.size(), longQuestion.size());
        int contextPieces = 0;
        for (int w = 0; w < shortQuestion.size(); w++) {
            QaWindow a = shortQuestion.get(w);
            QaWindow b = longQuestion.get(w);
            assertEquals(2, a.texts().size(), "question, then the chunk");
            assertArrayEquals(a.texts().get(1).ids(), b.texts().get(1).ids(), "chunk " + w + " is one text");
            assertTrue(a.texts().get(1).length() <= 64 - 16 - 3 + 1, "a chunk fits beside the longest question");
            int[] joined = java.util.stream.IntStream.concat(
                            Arrays.stream(a.texts().get(0).ids()),
                            Arrays.stream(a.texts().get(1).ids()))
                    .toArray();
            assertArrayEquals(a.encoding().ids(), joined, "the window is its texts laid end to end");
            contextPieces += a.texts().get(1).length() - 1;
        }
        assertEquals(tokenizer.pieces(context).length(), contextPieces, "chunks do not overlap and cover the context");
        assertTrue(shortQuestion.get(shortQuestion.size() - 1).holdsAnswer());
    }

    @Test
    void aContextWithoutTokensIsRefusedByQuestion() {
        SquadDataset.Question empty = new SquadDataset.Question("q-empty", "What?", " ", List.of());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new QaWindows(tokenizer, boundary, 64, 20, 16, QaOptions.Upload.SEPARATE).of(0, empty));
        assertTrue(e.getMessage().contains("q-empty"), e.getMessage());
    }

    @Test
    void aWindowTooShortForTheQuestionIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new QaWindows(tokenizer, boundary, 40, 16, 64, QaOptions.Upload.JOINT));
        assertTrue(e.getMessage().contains("--max-length"), e.getMessage());
    }
}
