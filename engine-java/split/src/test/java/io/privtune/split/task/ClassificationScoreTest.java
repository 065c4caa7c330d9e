package io.privtune.split.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClassificationScoreTest {
    @Test
    void macroF1WorkedByHand() {
        // gold      0 0 0 1 1 2
        // predicted 0 0 1 1 1 1   (class 2 is never predicted)
        // class 0: TP 2, |gold| 3, |pred| 2 -> P 1, R 2/3, F1 = 2*2/(3+2) = 0.8
        // class 1: TP 2, |gold| 2, |pred| 4 -> P 1/2, R 1, F1 = 2*2/(2+4) = 2/3
        // class 2: TP 0 -> F1 0 (precision 0/0 taken as 0)
        ClassificationScore s = ClassificationScore.of(new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 1, 1});
        assertEquals(4.0 / 6, s.accuracy(), 1e-12);
        assertEquals((0.8 + 2.0 / 3 + 0) / 3, s.macroF1(), 1e-12);
        assertEquals(6, s.examples());
        assertEquals(s.macroF1(), s.value(UtilityMetric.MACRO_F1));
        assertEquals(s.accuracy(), s.value(UtilityMetric.ACCURACY));
    }

    @Test
    void classesAbsentFromGoldFollowScikitLearn() {
        // gold has classes 0 and 1 only; class 3 is predicted once, class 2 appears nowhere.
        // sklearn f1_score(average="macro") averages over labels in gold ∪ predicted = {0, 1, 3}:
        // class 0: TP 1, |gold| 2, |pred| 1 -> 2/3; class 1: TP 2, |gold| 2, |pred| 2 -> 1;
        // class 3: TP 0 -> 0 (recall 0/0 taken as 0), counted; class 2: left out.
        ClassificationScore s = ClassificationScore.of(new int[] {0, 0, 1, 1}, new int[] {0, 3, 1, 1});
        assertEquals(0.75, s.accuracy(), 1e-12);
        assertEquals((2.0 / 3 + 1 + 0) / 3, s.macroF1(), 1e-12);
    }

    @Test
    void aMajorityPredictorScoresItsAccuracyButALowMacroF1() {
        // 3 of 4 in class 1, everything predicted 1: accuracy 0.75; F1 class 1 = 2*3/(3+4) = 6/7, class 0 = 0
        ClassificationScore s = ClassificationScore.of(new int[] {1, 1, 1, 0}, new int[] {1, 1, 1, 1});
        assertEquals(0.75, s.accuracy(), 1e-12);
        assertEquals(3.0 / 7, s.macroF1(), 1e-12);
        assertEquals(
                1.0, ClassificationScore.of(new int[] {2, 0}, new int[] {2, 0}).macroF1(), 0.0);
    }

    @Test
    void mismatchedOrEmptyInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClassificationScore.of(new int[] {0, 1}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> ClassificationScore.of(new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> ClassificationScore.of(new int[] {0}, new int[] {-1}));
    }

    @Test
    void theMajorityRateIsTheBestConstantGuess() {
        int[] gold = {2, 0, 0, 2, 2, 1};
        assertEquals(0.5, ClassificationScore.majorityRate(gold), 1e-12);
        double best = 0;
        for (int guess = 0; guess < 3; guess++) {
            int[] constant = new int[gold.length];
            java.util.Arrays.fill(constant, guess);
            best = Math.max(best, ClassificationScore.of(gold, constant).accuracy());
        }
        assertEquals(best, ClassificationScore.majorityRate(gold), 1e-12);
        assertEquals(1.0, ClassificationScore.majorityRate(new int[] {4}), 0.0);
        assertThrows(IllegalArgumentException.class, () -> ClassificationScore.majorityRate(new int[0]));
    }
}
