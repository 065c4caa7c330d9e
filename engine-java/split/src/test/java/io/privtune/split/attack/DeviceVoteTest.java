package io.privtune.split.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-device attribute vote: naive Bayes over a device's texts, scored once per device. */
class DeviceVoteTest {
    /** Two-class logits whose softmax gives class 1 the probability {@code p1}. */
    private static float[] logits(double... p1) {
        float[] out = new float[2 * p1.length];
        for (int t = 0; t < p1.length; t++) {
            out[2 * t + 1] = (float) Math.log(p1[t] / (1 - p1[t]));
        }
        return out;
    }

    @Test
    void aDeviceWhoseTextsEachLeanWeaklyToTheMinorityIsGuessedAsTheMinority() {
        // attacker prior (with add-one smoothing) 9:3, so pi_1 = 0.25; each text's posterior p(1|x) = 0.4 is 2.67x
        // the prior odds. Every text alone guesses 0, and so would a plain sum of log-posteriors; naive Bayes over
        // three texts: 3 log(0.4/0.6) - 2 log(0.25/0.75) = +0.98 for class 1.
        int[] attacker = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
        AttributeScores scores = new AttributeScores(logits(0.4, 0.4, 0.4), 2, attacker);
        int[] victim = {1, 1, 1};
        assertEquals(0.0, scores.perText(victim).accuracy());
        AttributeResult device = scores.perDevice(new int[] {0, 0, 0}, victim);
        assertEquals(1, device.victims());
        assertEquals(1.0, device.accuracy());
        assertEquals(0.0, device.majorityRate(), "the attacker's majority class is 0, the only device's 1");
    }

    @Test
    void oneTextIsItsOwnDeviceAndVotesAsThePerTextAttacker() {
        int[] attacker = {0, 0, 1, 1, 1};
        float[] logits = logits(0.2, 0.7, 0.55, 0.9, 0.1);
        int[] victim = {0, 1, 0, 1, 1};
        AttributeScores scores = new AttributeScores(logits, 2, attacker);
        AttributeResult text = scores.perText(victim);
        AttributeResult device = scores.perDevice(new int[] {4, 3, 2, 1, 0}, victim);
        assertEquals(text.accuracy(), device.accuracy());
        assertEquals(text.majorityRate(), device.majorityRate());
    }

    @Test
    void theMajorityRateCountsDevicesNotTexts() {
        // ten texts of one class-0 author and one of a class-1 author: per text the constant 0 scores 10/11, per
        // device 1/2
        int[] victim = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        int[] device = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        double[] p = new double[11];
        java.util.Arrays.fill(p, 0.3);
        AttributeScores scores = new AttributeScores(logits(p), 2, new int[] {0, 0, 1});
        assertEquals(10.0 / 11, scores.perText(victim).majorityRate(), 1e-12);
        AttributeResult perDevice = scores.perDevice(device, victim);
        assertEquals(2, perDevice.victims());
        assertEquals(0.5, perDevice.majorityRate(), 1e-12);
        assertArrayEquals(new boolean[] {true, false}, perDevice.hits());
    }

    @Test
    void aDeviceWhoseTextsDisagreeOnTheAttributeIsRefusedByName() {
        AttributeScores scores = new AttributeScores(logits(0.5, 0.5), 2, new int[] {0, 1});
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> scores.perDevice(new int[] {7, 7}, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("device 7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> scores.perDevice(new int[] {0}, new int[] {0, 1}));
    }

    @Test
    void linkingADevicesTextsRecoversAnAttributeEachTextBarelyCarries() {
        // pooled features 0.6 sd apart along one axis by gender: one text is right 62 % of the time at best (Bayes), a
        // device's 25 texts together are not
        int dim = 8;
        SplittableRandom random = new SplittableRandom(5);
        int attackerTexts = 4000;
        int[] attackerLabels = new int[attackerTexts];
        float[] attacker = features(random, attackerTexts, dim, attackerLabels, null, 0);
        int devices = 100;
        int perDevice = 25;
        int[] victimLabels = new int[devices * perDevice];
        int[] device = new int[devices * perDevice];
        float[] victim = features(random, devices * perDevice, dim, victimLabels, device, perDevice);
        try (OneTorchThread ignored = new OneTorchThread()) {
            AttributeScores scores = AttributeMlpAttack.run(attacker, attackerLabels, victim, 2, dim, 3);
            AttributeResult text = scores.perText(victimLabels);
            AttributeResult linked = scores.perDevice(device, victimLabels);
            assertTrue(text.accuracy() < 0.65, "one text: " + text);
            assertTrue(
                    linked.accuracy() > Math.max(0.7, text.accuracy() + 0.12),
                    "a device's texts: " + linked + ", one text: " + text);
        }
    }

    /** Gaussian rows; label = random class (per device when {@code device} is given), feature 0 shifted by it. */
    private static float[] features(SplittableRandom random, int rows, int dim, int[] labels, int[] device, int per) {
        float[] x = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            if (device != null) {
                device[r] = r / per;
                labels[r] = r % per == 0 ? random.nextInt(2) : labels[r - 1];
            } else {
                labels[r] = random.nextInt(2);
            }
            for (int j = 0; j < dim; j++) {
                x[r * dim + j] = (float) gaussian(random);
            }
            x[r * dim] += 0.3f * (2 * labels[r] - 1);
        }
        return x;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
