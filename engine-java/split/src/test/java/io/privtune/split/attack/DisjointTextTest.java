package io.privtune.split.attack;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DisjointTextTest {
    @Test
    void dropsAttackerTextsTheVictimHasEvenWhenRespacedOrRecased() {
        DisjointText.Filtered<String> kept =
                DisjointText.excluding(List.of("a fine film", "A  Fine film ", "dull"), s -> s, List.of("a fine film"));
        assertEquals(List.of("dull"), kept.rows());
        assertEquals(2, kept.dropped());
    }

    @Test
    void refusesOverlapNamingTheText() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> DisjointText.requireDisjoint(
                        "token inversion", List.of("dull", "Great fun"), List.of("great fun", "moving")));
        assertTrue(e.getMessage().contains("great fun") && e.getMessage().contains("1 attacker"), e.getMessage());
        assertDoesNotThrow(() -> DisjointText.requireDisjoint("token inversion", List.of("dull"), List.of("moving")));
    }
}
