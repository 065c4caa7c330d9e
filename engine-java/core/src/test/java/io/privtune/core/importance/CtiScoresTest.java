package io.privtune.core.importance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CtiScoresTest {
    @Test
    void scoresMatchTheDefinitionComputedByHand() {
        // class 0 tokens: 1,1,3 (3 tokens); class 1 tokens: 2,3,3,3 (4 tokens); 0 is special
        List<int[]> sequences = List.of(new int[] {0, 1, 1, 3}, new int[] {0, 2, 3}, new int[] {3, 3});
        CtiScores cti = CtiScores.fromCorpus(sequences, new int[] {0, 1, 1}, 5, Set.of(0));
        double floor = Math.log(1e-10);
        assertEquals(Math.log(2 / 3.0) - floor, cti.score(1, 0), 1e-9); // P(1|0)=2/3, P(1|1)=0 → floored
        assertEquals(Math.log(1 / 3.0) - Math.log(3 / 4.0), cti.score(3, 0), 1e-9);
        assertEquals(Math.log(3 / 4.0) - Math.log(1 / 3.0), cti.score(3, 1), 1e-9);
        assertTrue(Double.isNaN(cti.score(4, 0)), "unseen token has no score");
        assertTrue(Double.isNaN(cti.score(0, 0)), "special token has no score");
        // scaled per class: token 1 tops class 0, token 2 tops class 1
        assertEquals(1f, cti.importance(1));
        assertEquals(1f, cti.importance(2));
        assertEquals(0f, cti.importance(4));
        assertTrue(cti.importance(3) < 1f && cti.importance(3) > 0f);
        assertEquals(Set.of(1, 2), cti.topTokens(1));
        assertEquals(Set.of(1, 2, 3), cti.topTokens(2));
    }

    @Test
    void classProfilesAreAddOneSmoothedPosteriorsUnderAUniformPrior() {
        // same corpus as above: class 0 has 3 tokens (1,1,3), class 1 has 4 (2,3,3,3); V = 5
        List<int[]> sequences = List.of(new int[] {0, 1, 1, 3}, new int[] {0, 2, 3}, new int[] {3, 3});
        CtiScores cti = CtiScores.fromCorpus(sequences, new int[] {0, 1, 1}, 5, Set.of(0));
        double p10 = (2 + 1) / (3.0 + 5), p11 = (0 + 1) / (4.0 + 5);
        assertEquals(p10 / (p10 + p11), cti.classShare(1, 0), 1e-6);
        assertEquals(1.0, cti.classShare(3, 0) + cti.classShare(3, 1), 1e-6);
        double u0 = 1 / 8.0, u1 = 1 / 9.0; // token 4 never seen: only the smoothing, nearly uniform
        assertEquals(u0 / (u0 + u1), cti.classShare(4, 0), 1e-6);
        assertTrue(cti.classShare(1, 0) > 0.5 && cti.classShare(2, 1) > 0.5, "each leans toward its class");
        assertEquals(0, cti.profileDistance(2, 2), 1e-9);
        assertEquals(cti.profileDistance(1, 2), cti.profileDistance(2, 1), 1e-9);
        assertEquals(Math.abs(cti.classShare(1, 0) - cti.classShare(2, 0)), cti.profileDistance(1, 2), 1e-6);
        assertTrue(cti.profileDistance(1, 2) > cti.profileDistance(1, 4), "opposite classes are farther than unseen");
        assertThrows(IllegalArgumentException.class, () -> cti.classShare(1, 2));
    }

    @Test
    void badCorporaAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CtiScores.fromCorpus(List.of(), new int[0], 5, Set.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> CtiScores.fromCorpus(List.of(new int[] {1}), new int[] {0, 1}, 5, Set.of()));
        IllegalArgumentException oneClass = assertThrows(
                IllegalArgumentException.class,
                () -> CtiScores.fromCorpus(List.of(new int[] {1}, new int[] {2}), new int[] {0, 0}, 5, Set.of()));
        assertTrue(oneClass.getMessage().contains("two classes"), oneClass.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> CtiScores.fromCorpus(List.of(new int[] {9}, new int[] {1}), new int[] {0, 1}, 5, Set.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> CtiScores.fromCorpus(List.of(new int[] {1}, new int[] {1}), new int[] {0, 2}, 5, Set.of()));
    }

    @Test
    void importanceScalingMapsWeightsToScales() {
        assertEquals(1.0, ImportanceScaling.scale(0, 0.3), 1e-12);
        assertEquals(0.3, ImportanceScaling.scale(1, 0.3), 1e-12);
        assertEquals(0.65, ImportanceScaling.scale(0.5, 0.3), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ImportanceScaling.scale(1.2, 0.3));
        assertThrows(IllegalArgumentException.class, () -> ImportanceScaling.checkMinimumScale(0));
    }
}
