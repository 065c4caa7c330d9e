package io.privtune.split.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases worked by hand through the official evaluate-v1.1.py's normalize_answer, exact_match_score and f1_score. */
class SquadScoreTest {
    @Test
    void normalisationIsTheOfficialOne() {
        assertEquals("eiffel tower", SquadScore.normalise("The Eiffel Tower!"));
        assertEquals("apple banana", SquadScore.normalise("  an apple,  a banana. "));
        assertEquals("theory", SquadScore.normalise("the theory")); // 'the' inside a word stays
        assertEquals("1990s", SquadScore.normalise("the 1990's")); // the apostrophe is punctuation
        assertEquals("", SquadScore.normalise("The."));
        assertEquals("état", SquadScore.normalise("État")); // lower case, not ASCII only
    }

    @Test
    void wordsAndSpacesAreUnicodeAsInPython3() {
        // outputs of the official normalize_answer under Python 3
        assertEquals("josé maría figueres", SquadScore.normalise("José María Figueres"));
        assertEquals("théa end", SquadScore.normalise("Théa the end")); // "é" is a word character: "a" is not a word
        assertEquals("ángel éan", SquadScore.normalise("Ángel a Éan"));
        assertEquals("new york", SquadScore.normalise("New\u00a0York")); // no-break space is white space
        assertEquals("x y\u200bz", SquadScore.normalise("x\u2009y\u200bz")); // zero-width space is not
    }

    @Test
    void exactMatchTakesTheBestGoldAnswer() {
        assertEquals(1.0, SquadScore.exactMatch("the Denver Broncos", List.of("Denver Broncos", "Broncos")));
        assertEquals(0.0, SquadScore.exactMatch("Denver", List.of("Denver Broncos", "Broncos")));
        assertEquals(1.0, SquadScore.exactMatch("Broncos.", List.of("Denver Broncos", "Broncos")));
    }

    @Test
    void f1IsOverTheNormalisedTokenMultiset() {
        // prediction "denver broncos team" vs gold "denver broncos": P = 2/3, R = 1, F1 = 0.8
        assertEquals(0.8, SquadScore.f1("the Denver Broncos team", List.of("Denver Broncos")), 1e-12);
        // repeated tokens count once each: "a a b" -> "b" (articles gone); "x x y" vs "x y": common 2, P 2/3, R 1
        assertEquals(0.8, SquadScore.f1("x x y", List.of("x y")), 1e-12);
        // the best over the golds
        assertEquals(1.0, SquadScore.f1("Broncos", List.of("Denver Broncos", "Broncos")), 1e-12);
        // nothing in common, and an answer that normalises to nothing
        assertEquals(0.0, SquadScore.f1("Carolina Panthers", List.of("Denver Broncos")), 1e-12);
        assertEquals(0.0, SquadScore.f1("the", List.of("Denver")), 1e-12);
    }
}
