package io.privtune.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UploadNoncesTest {
    private final NoiseKey key = NoiseKey.generate();
    private final int[] ids = {101, 7592, 2088, 102};

    @Test
    void sameTextAndSettingsGiveTheSameNonce() {
        UploadNonces nonces = new UploadNonces(key, "model m=2", "privtune eta=100");
        assertEquals(nonces.of(ids, 0), new UploadNonces(key, "model m=2", "privtune eta=100").of(ids.clone(), 0));
    }

    @Test
    void everyPartOfTheContextChangesTheNonce() {
        Set<Long> seen = new HashSet<>();
        seen.add(new UploadNonces(key, "model m=2", "privtune eta=100").of(ids, 0));
        seen.add(new UploadNonces(key, "model m=3", "privtune eta=100").of(ids, 0));
        seen.add(new UploadNonces(key, "model m=2", "privtune eta=101").of(ids, 0));
        seen.add(new UploadNonces(key, "model m=2", "privtune eta=100").of(ids, 1));
        seen.add(new UploadNonces(key, "model m=2", "privtune eta=100").of(new int[] {101, 7592, 102}, 0));
        seen.add(new UploadNonces(NoiseKey.generate(), "model m=2", "privtune eta=100").of(ids, 0));
        // the identities are delimited: moving text between them is a different context
        seen.add(new UploadNonces(key, "model m=2\nprivtune", " eta=100").of(ids, 0));
        assertEquals(7, seen.size());
    }

    @Test
    void aNegativeReleaseIsRefused() {
        UploadNonces nonces = new UploadNonces(key, "model m=2", "privtune eta=100");
        assertNotEquals(0, nonces.of(ids, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> nonces.of(ids, -1));
        assertEquals("release is -1, expected >= 0", e.getMessage());
    }
}
