package io.privtune.split.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.progress.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An adaptive attacker knows the mechanism, so it can noise its own text as often as it likes: trained on a fresh
 * release every epoch, the inversion MLP cannot memorise one draw of the noise, and it reads more of the victim's
 * tokens than the same model trained on one release.
 */
class FreshNoiseInversionTest {
    private static final int TOKENS = NoisyDictionary.TOKENS;
    private static final int DIM = NoisyDictionary.DIM;
    private static final int PER_TOKEN = 5;
    private static final int EPOCHS = 30;

    private final NoisyDictionary dictionary = new NoisyDictionary();
    private final int[] ids = tokenOccurrences(PER_TOKEN);
    private final boolean[] special = new boolean[ids.length];

    @Test
    void freshNoiseEveryEpochReadsMoreVictimTokensThanOneRelease() {
        int[] victimIds = tokenOccurrences(50);
        float[] victimUpload = dictionary.noisy(victimIds, new Random(99));
        float[] release0 = dictionary.noisy(ids, new Random(1000));
        try (InversionModelAttack oneRelease = train(release -> release0);
                InversionModelAttack fresh =
                        train(release -> release == 0 ? release0 : dictionary.noisy(ids, new Random(1000 + release)))) {
            double once = oneRelease
                    .attack(victimUpload, victimIds, new boolean[victimIds.length])
                    .top1();
            double everyEpoch = fresh.attack(victimUpload, victimIds, new boolean[victimIds.length])
                    .top1();
            assertTrue(everyEpoch > once + 0.05, "fresh noise " + everyEpoch + " vs one release " + once);
        }
    }

    @Test
    void epochEAsksForReleaseE() {
        List<Integer> asked = new ArrayList<>();
        float[] release0 = dictionary.noisy(ids, new Random(7));
        try (InversionModelAttack ignored = InversionModelAttack.train(
                release -> {
                    asked.add(release);
                    return release == 0 ? release0 : dictionary.noisy(ids, new Random(7 + release));
                },
                ids,
                special,
                new int[] {0, ids.length},
                DIM,
                TrainingBudget.fixed(4),
                0,
                ProgressListener.NONE)) {
            assertEquals(List.of(0, 1, 2, 3), asked);
        }
    }

    @Test
    void aReleaseOfAnotherSizeIsRefusedByName() {
        float[] release0 = dictionary.noisy(ids, new Random(7));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> train(release -> release == 0 ? release0 : new float[release0.length - DIM]));
        assertTrue(e.getMessage().contains("release 1 has"), e.getMessage());
    }

    private InversionModelAttack train(java.util.function.IntFunction<float[]> releases) {
        return InversionModelAttack.train(
                releases,
                ids,
                special,
                new int[] {0, ids.length},
                DIM,
                TrainingBudget.fixed(EPOCHS),
                0,
                ProgressListener.NONE);
    }

    private static int[] tokenOccurrences(int perToken) {
        int[] ids = new int[TOKENS * perToken];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % TOKENS;
        }
        return ids;
    }
}
