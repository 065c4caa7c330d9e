package io.privtune.split.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.privtune.split.text.Encoding;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanDecoderTest {
    private static final String CONTEXT = "Paris is the capital of France";

    /** [CLS] q [SEP] Paris is the capital of France [SEP]: context at positions 3..8. */
    private static QaWindow window() {
        int[] starts = {-1, -1, -1, 0, 6, 9, 13, 21, 24, -1};
        int[] ends = {-1, -1, -1, 5, 8, 12, 20, 23, 30, -1};
        return new QaWindow(0, new Encoding(new int[10], new boolean[10]), List.of(), starts, ends, 0, 0);
    }

    private static float[] logits(int length, int... highAt) {
        float[] l = new float[length];
        for (int i = 0; i < highAt.length; i += 2) {
            l[highAt[i]] = highAt[i + 1];
        }
        return l;
    }

    @Test
    void readsTheBestContextSpanAsTheContextsText() {
        SpanDecoder.Span span = new SpanDecoder(30)
                .best(List.of(window()), List.of(logits(10, 7, 5, 1, 50)), List.of(logits(10, 8, 4, 9, 50)), CONTEXT);
        // [CLS]-side and [SEP] positions are never chosen however high their logits
        assertEquals("of France", span.text());
        assertEquals(9.0, span.score());
    }

    @Test
    void anEndBeforeItsStartOrPastTheLengthLimitIsNotASpan() {
        // the best start (6 'capital') is after the best end (4 'is'): the best valid pair wins instead
        SpanDecoder.Span span = new SpanDecoder(30)
                .best(List.of(window()), List.of(logits(10, 6, 10, 3, 6)), List.of(logits(10, 4, 10, 6, 3)), CONTEXT);
        assertEquals("Paris is", span.text());
        assertEquals(16.0, span.score());
        // at most two tokens: 'Paris is the capital' (score 9) is too long, 'capital' alone (13) remains
        SpanDecoder.Span shorter = new SpanDecoder(2)
                .best(List.of(window()), List.of(logits(10, 3, 6, 6, 10)), List.of(logits(10, 6, 3)), CONTEXT);
        assertEquals("capital", shorter.text());
    }

    @Test
    void theBestSpanOverAllWindowsOfTheQuestionWins() {
        SpanDecoder.Span span = new SpanDecoder(30)
                .best(
                        List.of(window(), window()),
                        List.of(logits(10, 3, 2), logits(10, 8, 5)),
                        List.of(logits(10, 3, 2), logits(10, 8, 5)),
                        CONTEXT);
        assertEquals(1, span.window());
        assertEquals("France", span.text());
    }

    @Test
    void aWindowWithoutContextIsRefused() {
        QaWindow empty = new QaWindow(
                0, new Encoding(new int[2], new boolean[2]), List.of(), new int[] {-1, -1}, new int[] {-1, -1}, 0, 0);
        assertThrows(
                IllegalArgumentException.class,
                () -> new SpanDecoder(30).best(List.of(empty), List.of(new float[2]), List.of(new float[2]), CONTEXT));
    }
}
