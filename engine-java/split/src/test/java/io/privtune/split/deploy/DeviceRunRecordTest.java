package io.privtune.split.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.random.NoiseKey;
import io.privtune.split.train.NoiseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceRunRecordTest {
    @TempDir
    Path state;

    @Test
    void aSessionResumesOnlyUnderItsOwnKey() throws Exception {
        NoiseSettings mine = NoiseSettings.secret(state.resolve("noise.key"));
        NoiseKey key = mine.key();
        DeviceRunRecord.bind(state, "phone-1", key, mine, "settings A");
        DeviceRunRecord.bind(state, "phone-1", mine.key(), mine, "settings A"); // the same key file again: fine
        NoiseSettings other = NoiseSettings.secret(state.resolve("other.key"));
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> DeviceRunRecord.bind(state, "phone-1", other.key(), other, "settings A"));
        assertTrue(
                refused.getMessage().contains("phone-1") && refused.getMessage().contains("other.key"),
                refused.getMessage());
        DeviceRunRecord.bind(state, "phone-2", other.key(), other, "settings A"); // another session may use another key
        IllegalArgumentException settings = assertThrows(
                IllegalArgumentException.class,
                () -> DeviceRunRecord.bind(state, "phone-1", mine.key(), mine, "settings B"));
        assertTrue(settings.getMessage().contains("other settings"), settings.getMessage());
        IllegalArgumentException epochs = assertThrows(
                IllegalArgumentException.class,
                () -> DeviceRunRecord.bind(
                        state,
                        "phone-1",
                        mine.key(),
                        mine.withEpochNoise(NoiseSettings.EpochNoise.FRESH),
                        "settings A"));
        assertTrue(epochs.getMessage().contains("other noise"), epochs.getMessage());
        String record = Files.readString(state.resolve("sessions/phone-1.json"));
        assertTrue(record.contains(key.fingerprint()), record);
        String hex = Files.readAllLines(state.resolve("noise.key")).get(1);
        assertFalse(record.contains(hex.substring(0, 16)), "the record holds a fingerprint, never the key");
    }
}
