package io.privtune.split.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.privtune.core.backend.CpuBackend;
import io.privtune.core.progress.Progress;
import io.privtune.core.testing.LogCapture;
import io.privtune.split.train.FineTuneSettings;
import io.privtune.split.train.NoiseSettings;
import io.privtune.split.train.PrivateFineTuner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret noise key appears nowhere but its key file: not on the wire (every message the cloud received),
 * not in the cloud's state, not in the device's or the in-process run's checkpoints, summaries or logs.
 */
class KeyNeverLeavesTest {
    @TempDir
    Path dir;

    @Test
    void theKeyBytesAreOnlyInTheKeyFile() throws Exception {
        Path data = DeploymentFixture.data(dir.resolve("sst2"));
        DeploymentFixture.Tap tap = new DeploymentFixture.Tap();
        Path deviceState = dir.resolve("device");
        LogCapture logs = LogCapture.privtune();
        try (logs;
                CloudServer cloud = DeploymentFixture.cloud(0, dir.resolve("cloud"), List.of(tap), 64 << 20)) {
            new DeviceTrainer(CpuBackend.INSTANCE, Progress.SILENT)
                    .run(
                            DeploymentFixture.settings(data, 0),
                            DeploymentFixture.connection(cloud.port(), dir.resolve("tls"), "keyed"),
                            NoiseSettings.secret(deviceState.resolve("noise.key")),
                            deviceState,
                            false);
        }
        Path inProcess = dir.resolve("finetune");
        FineTuneSettings d = FineTuneSettings.defaults(data, inProcess);
        LogCapture inProcessLogs = LogCapture.privtune();
        try (inProcessLogs) {
            new PrivateFineTuner(CpuBackend.INSTANCE, Progress.SILENT)
                    .run(
                            new FineTuneSettings(
                                    d.model(),
                                    2,
                                    "dchi",
                                    Map.of("eta", "100"),
                                    data,
                                    1,
                                    16,
                                    1e-4f,
                                    0.1f,
                                    0.01f,
                                    0.1f,
                                    32,
                                    32,
                                    16,
                                    0,
                                    0,
                                    1,
                                    0,
                                    inProcess,
                                    false),
                            NoiseSettings.secret(inProcess.resolve("noise.key")));
        }

        List<Path> keyFiles = List.of(deviceState.resolve("noise.key"), inProcess.resolve("noise.key"));
        List<byte[]> needles = new ArrayList<>();
        for (Path keyFile : keyFiles) {
            String hex = Files.readAllLines(keyFile).get(1).trim();
            byte[] raw = HexFormat.of().parseHex(hex);
            needles.addAll(List.of(
                    raw,
                    hex.getBytes(StandardCharsets.US_ASCII),
                    hex.toUpperCase().getBytes(StandardCharsets.US_ASCII),
                    Base64.getEncoder().encode(raw),
                    Base64.getUrlEncoder().withoutPadding().encode(raw),
                    hex.substring(0, 16).getBytes(StandardCharsets.US_ASCII)));
            // the per-purpose stream keys regenerate the noise as well as the key does: they must not leak either
            io.privtune.core.random.NoiseKey key = io.privtune.core.random.NoiseKeyFile.read(keyFile);
            for (io.privtune.core.random.DrawPurpose purpose : io.privtune.core.random.DrawPurpose.values()) {
                java.nio.ByteBuffer words = java.nio.ByteBuffer.allocate(32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int w : key.streamKey(purpose)) {
                    words.putInt(w);
                }
                needles.add(words.array());
                needles.add(HexFormat.of().formatHex(words.array()).getBytes(StandardCharsets.US_ASCII));
            }
        }
        assertTrue(tap.messages.size() > 3, "the wire was captured");
        for (Object m : tap.messages) {
            refuse(needles, ((Message) m).toByteArray(), "a message on the wire");
            refuse(needles, m.toString().getBytes(StandardCharsets.UTF_8), "a message on the wire");
        }
        List<String> logLines = new ArrayList<>(logs.messages());
        logLines.addAll(inProcessLogs.messages());
        assertTrue(logLines.size() > 3, "the library's log records were captured: " + logLines);
        refuse(needles, String.join("\n", logLines).getBytes(StandardCharsets.UTF_8), "the logs");
        int files = 0;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile)
                    .filter(f -> !keyFiles.contains(f))
                    .toList()) {
                refuse(needles, Files.readAllBytes(f), f.toString());
                files++;
            }
        }
        assertTrue(files >= 4, "checkpoints, summaries, session records and the cloud's state were scanned: " + files);
        assertEquals(
                2,
                keyFiles.stream()
                        .map(f -> {
                            try {
                                return Files.readAllLines(f).get(1);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        })
                        .distinct()
                        .count(),
                "each run drew its own key");
    }

    private static void refuse(List<byte[]> needles, byte[] haystack, String where) {
        for (byte[] needle : needles) {
            assertFalse(contains(haystack, needle), "noise key material found in " + where);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
