package io.privtune.split.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeywordAttackTest {
    @Test
    void contentWordsSkipFunctionWordsShortWordsAndPunctuation() {
        assertEquals(
                Set.of("delivery", "fast", "prices", "great"),
                KeywordAttack.contentWords("The delivery was FAST, and the prices? Great!! I'm ok."));
    }

    @Test
    void vocabularyRanksByDocumentFrequency() {
        List<String> vocabulary =
                KeywordAttack.vocabulary(List.of("fast delivery", "fast service", "slow delivery delivery", "fast"), 2);
        assertEquals(List.of("fast", "delivery"), vocabulary);
        assertArrayEquals(new float[] {1, 0, 0, 1}, KeywordAttack.multiHot(List.of("fast", "delivery"), vocabulary));
    }

    @Test
    void microF1CountsPairs() {
        // predictions: (1,1) tp, (1,0) fp, (0,1) fn, (0,0) tn → 2·1 / (2·1 + 1 + 1)
        assertEquals(0.5, KeywordAttack.microF1(new float[] {1, 1, -1, -1}, new float[] {1, 0, 1, 0}, 0), 1e-12);
        assertEquals(0.0, KeywordAttack.microF1(new float[] {-1, -1}, new float[] {1, 1}, 0), 1e-12);
    }

    @Test
    void constantGuessPicksTheMostFrequentKeywords() {
        // keyword 0 is in every attacker text, keyword 1 in none: guessing {0} everywhere is best
        float[] attacker = {1, 0, 1, 0, 1, 0};
        float[] victim = {1, 0, 0, 1};
        assertEquals(2.0 * 1 / (2 * 1 + 1 + 1), KeywordAttack.constantGuessF1(attacker, victim, 2), 1e-12);
    }
}
