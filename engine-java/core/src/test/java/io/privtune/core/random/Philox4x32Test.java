package io.privtune.core.random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Philox4x32Test {
    private static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        Philox4x32.block(c0, c1, c2, c3, k0, k1, out);
        return out;
    }

    @Test
    void matchesRandom123KnownAnswers() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, block(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, block(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void streamsAreKeyedBySeedTokenAndPurpose() {
        RandomStream a = new RandomStream(7, 123, DrawPurpose.DIRECTION);
        RandomStream b = new RandomStream(7, 123, DrawPurpose.DIRECTION);
        for (int i = 0; i < 20; i++) {
            assertEquals(a.nextInt(), b.nextInt());
        }
        assertNotEquals(new RandomStream(7, 123, DrawPurpose.DIRECTION).nextInt(), new RandomStream(7, 124, DrawPurpose.DIRECTION).nextInt());
        assertNotEquals(new RandomStream(7, 123, DrawPurpose.DIRECTION).nextInt(), new RandomStream(8, 123, DrawPurpose.DIRECTION).nextInt());
        assertNotEquals(new RandomStream(7, 123, DrawPurpose.DIRECTION).nextInt(), new RandomStream(7, 123, DrawPurpose.RADIUS).nextInt());
        // the high halves of seed and index matter too
        assertNotEquals(new RandomStream(1L << 40, 5, DrawPurpose.TARGET).nextInt(), new RandomStream(0, 5, DrawPurpose.TARGET).nextInt());
        assertNotEquals(new RandomStream(0, 5L + (1L << 33), DrawPurpose.TARGET).nextInt(), new RandomStream(0, 5, DrawPurpose.TARGET).nextInt());
    }

    @Test
    void uniformAndNormalHaveTheRightMoments() {
        RandomStream s = new RandomStream(1, 2, DrawPurpose.GAUSSIAN_NOISE);
        int n = 200_000;
        double sumU = 0, sumU2 = 0, sumN = 0, sumN2 = 0;
        for (int i = 0; i < n; i++) {
            double u = s.nextUniform();
            assertTrue(u > 0 && u < 1);
            sumU += u;
            sumU2 += u * u;
            double z = s.nextNormal();
            sumN += z;
            sumN2 += z * z;
        }
        // 5-sigma bounds for the sample means
        assertEquals(0.5, sumU / n, 5 * Math.sqrt(1 / 12.0 / n));
        assertEquals(1 / 3.0, sumU2 / n, 5 * Math.sqrt(4 / 45.0 / n));
        assertEquals(0, sumN / n, 5 * Math.sqrt(1.0 / n));
        assertEquals(1, sumN2 / n, 5 * Math.sqrt(2.0 / n));
    }

    @Test
    void boundedIntsCoverTheRangeEvenly() {
        RandomStream s = new RandomStream(3, 4, DrawPurpose.TARGET);
        int[] counts = new int[7];
        int n = 70_000;
        for (int i = 0; i < n; i++) {
            counts[s.nextInt(7)]++;
        }
        for (int c : counts) {
            assertEquals(n / 7.0, c, 5 * Math.sqrt(n * (1 / 7.0) * (6 / 7.0)));
        }
    }
}
