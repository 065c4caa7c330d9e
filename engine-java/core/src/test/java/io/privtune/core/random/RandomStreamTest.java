package io.privtune.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class RandomStreamTest {
    @Test
    void chachaBlockMatchesRfc8439() {
        // RFC 8439 §2.3.2: key 00 01 .. 1f, block count 1, nonce 00 00 00 09 00 00 00 4a 00 00 00 00
        int[] key = {0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c, 0x13121110, 0x17161514, 0x1b1a1918, 0x1f1e1d1c};
        int[] out = new int[16];
        ChaCha20.block(key, 1, 0x09000000, 0x4a000000, 0, out);
        assertArrayEquals(
                new int[] {
                    0xe4e7f110,
                    0x15593bd1,
                    0x1fdd0f50,
                    0xc47120a3,
                    0xc7f4d1c7,
                    0x0368c033,
                    0x9aaa2204,
                    0x4e6cd4c3,
                    0x466482d2,
                    0x09aa9f07,
                    0x05d7c214,
                    0xa2028bd9,
                    0xd19c12b5,
                    0xb94e16de,
                    0xe883d0cb,
                    0x4e3c50a2
                },
                out);
    }

    @Test
    void streamWordsAreTheJdkChaCha20KeyStream() throws Exception {
        NoiseKey key = NoiseKey.generate();
        long text = 0x1234_5678_9abc_def0L;
        int position = 17;
        RandomStream stream = new RandomStream(key, text, position, DrawPurpose.DIRECTION);
        int blocks = 5;
        ByteBuffer keyBytes = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : key.streamKey(DrawPurpose.DIRECTION)) {
            keyBytes.putInt(w);
        }
        byte[] nonce = ByteBuffer.allocate(12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(position)
                .putLong(text)
                .array();
        Cipher cipher = Cipher.getInstance("ChaCha20");
        cipher.init(
                Cipher.ENCRYPT_MODE,
                new SecretKeySpec(keyBytes.array(), "ChaCha20"),
                new ChaCha20ParameterSpec(nonce, 0));
        ByteBuffer jdk = ByteBuffer.wrap(cipher.doFinal(new byte[64 * blocks])).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16 * blocks; i++) {
            assertEquals(jdk.getInt(), stream.nextInt(), "word " + i);
        }
    }

    @Test
    void streamsAreKeyedByKeyTokenAndPurpose() {
        NoiseKey k = NoiseKey.researchSeed(7);
        RandomStream a = new RandomStream(k, 123, DrawPurpose.DIRECTION);
        RandomStream b = new RandomStream(NoiseKey.researchSeed(7), 123, DrawPurpose.DIRECTION);
        for (int i = 0; i < 40; i++) {
            assertEquals(a.nextInt(), b.nextInt());
        }
        assertNotEquals(
                new RandomStream(k, 123, DrawPurpose.DIRECTION).nextInt(),
                new RandomStream(k, 124, DrawPurpose.DIRECTION).nextInt());
        assertNotEquals(
                new RandomStream(k, 123, DrawPurpose.DIRECTION).nextInt(),
                new RandomStream(NoiseKey.researchSeed(8), 123, DrawPurpose.DIRECTION).nextInt());
        assertNotEquals(
                new RandomStream(k, 123, DrawPurpose.DIRECTION).nextInt(),
                new RandomStream(k, 123, DrawPurpose.RADIUS).nextInt());
        // both halves of the text nonce and the position matter
        assertNotEquals(
                new RandomStream(k, 5L + (1L << 33), DrawPurpose.TARGET).nextInt(),
                new RandomStream(k, 5, DrawPurpose.TARGET).nextInt());
        assertNotEquals(
                new RandomStream(k, 5, 1, DrawPurpose.TARGET).nextInt(),
                new RandomStream(k, 5, 0, DrawPurpose.TARGET).nextInt());
        // a secret key and the research key of a nearby seed share nothing
        assertNotEquals(
                new RandomStream(NoiseKey.generate(), 5, DrawPurpose.TARGET).nextInt(),
                new RandomStream(k, 5, DrawPurpose.TARGET).nextInt());
    }

    @Test
    void uniformAndNormalHaveTheRightMoments() {
        RandomStream s = new RandomStream(NoiseKey.researchSeed(1), 2, DrawPurpose.GAUSSIAN_NOISE);
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
    void boundedIntsAndPermutationsCoverTheRangeEvenly() {
        RandomStream s = new RandomStream(NoiseKey.researchSeed(3), 4, DrawPurpose.TARGET);
        int[] counts = new int[7];
        int n = 70_000;
        for (int i = 0; i < n; i++) {
            counts[s.nextInt(7)]++;
        }
        for (int c : counts) {
            assertEquals(n / 7.0, c, 5 * Math.sqrt(n * (1 / 7.0) * (6 / 7.0)));
        }
        int[] first = new int[5];
        int draws = 50_000;
        for (int i = 0; i < draws; i++) {
            int[] p = new RandomStream(NoiseKey.researchSeed(9), i, DrawPurpose.BATCH_ORDER).permutation(5);
            assertEquals(10, java.util.Arrays.stream(p).sum());
            first[p[0]]++;
        }
        for (int c : first) {
            assertEquals(draws / 5.0, c, 5 * Math.sqrt(draws * 0.2 * 0.8));
        }
    }
}
