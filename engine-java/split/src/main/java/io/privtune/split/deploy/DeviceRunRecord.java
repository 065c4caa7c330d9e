package io.privtune.split.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privtune.core.io.ReplacedFile;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.train.NoiseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The device's own record of each session ({state}/sessions/{id}.json): its key's fingerprint (never the
 * key), its epoch rule and its settings. Resuming a session under another key, epoch rule or settings
 * would upload new noisings of texts the cloud already holds, so it is refused before anything is sent.
 */
final class DeviceRunRecord {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceRunRecord() {}

    private static Path file(Path state, String session) {
        return state.resolve("sessions").resolve(session + ".json");
    }

    /** Whether {@code session} has a record, i.e. is being resumed. */
    static boolean exists(Path state, String session) {
        return Files.isRegularFile(file(state, session));
    }

    static void bind(Path state, String session, NoiseKey key, NoiseSettings noise, String settings) {
        Path file = file(state, session);
        String noiseOf = noise.identity(key);
        try {
            if (Files.isRegularFile(file)) {
                var found = JSON.readTree(file.toFile());
                if (!found.path("noise").asText().equals(noiseOf)) {
                    throw new IllegalArgumentException(
                            "session '" + session + "' was trained with other noise ("
                                    + found.path("noise").asText()
                                    + ") than " + (noise.isResearch() ? "this research seed" : noise.keyFile()) + " ("
                                    + noiseOf + "; " + file
                                    + "): resume it with the key file and --epoch-noise of that run, or train a new session (--session)");
                }
                if (!found.path("settings").asText().equals(settings)) {
                    throw new IllegalArgumentException(
                            "session '" + session + "' was trained with other settings (" + file + "): resume it with "
                                    + "the same mechanism, parameters, split, data and budget, or train a new session (--session)");
                }
                return;
            }
            ObjectNode record = JSON.createObjectNode()
                    .put("session", session)
                    .put("noise", noiseOf)
                    .put("settings", settings);
            ReplacedFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read or write the device's session record " + file + ": " + e.getMessage(), e);
        }
    }
}
