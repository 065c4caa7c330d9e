package io.privtune.split.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.train.NoiseSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The device's own record of which key each session was trained under ({state}/sessions/{id}.json: the
 * key's fingerprint, never the key). Resuming a session with another key would upload new, independent
 * noise of texts the cloud already holds, so it is refused before anything is sent.
 */
final class DeviceRunRecord {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceRunRecord() { }

    static void bind(Path state, String session, NoiseKey key, NoiseSettings noise) {
        Path file = state.resolve("sessions").resolve(session + ".json");
        String noiseOf = noise.isResearch() ? "research seed " + noise.researchSeed() : "key " + key.fingerprint();
        try {
            if (Files.isRegularFile(file)) {
                String found = JSON.readTree(file.toFile()).path("noise").asText();
                if (!found.equals(noiseOf)) {
                    throw new IllegalArgumentException("session '" + session + "' was trained with another noise key than "
                            + (noise.isResearch() ? "this research seed" : noise.keyFile()) + " (" + file + "): resume it with the key file "
                            + "of that run, or train a new session (--session)");
                }
                return;
            }
            Files.createDirectories(file.getParent());
            ObjectNode record = JSON.createObjectNode().put("session", session).put("noise", noiseOf).put("epoch_noise", noise.epochNoise().name());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the device's session record " + file + ": " + e.getMessage(), e);
        }
    }
}
