package io.privtune.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoiseKeyTest {
    @TempDir
    Path dir;

    @Test
    void generatedKeysDifferAndResearchSeedsRepeat() {
        assertNotEquals(NoiseKey.generate(), NoiseKey.generate());
        assertEquals(NoiseKey.researchSeed(3), NoiseKey.researchSeed(3));
        assertNotEquals(NoiseKey.researchSeed(3), NoiseKey.researchSeed(4));
        assertTrue(NoiseKey.researchSeed(3).isResearchSeed());
        assertTrue(NoiseKey.researchSeed(3).describe().contains("not secret"));
        assertFalse(NoiseKey.generate().isResearchSeed());
    }

    @Test
    void replicatesAreIndependentDerivedKeysAndZeroIsTheKeyItself() {
        NoiseKey key = NoiseKey.researchSeed(3);
        assertEquals(key, key.replicate(0));
        assertEquals(key.replicate(1), NoiseKey.researchSeed(3).replicate(1), "reproducible");
        assertNotEquals(key, key.replicate(1));
        assertNotEquals(key.replicate(1), key.replicate(2));
        // derived by HKDF from the key, not the seed plus one
        assertNotEquals(NoiseKey.researchSeed(4), key.replicate(1));
        assertNotEquals(key.fingerprint(), key.replicate(1).fingerprint());
        assertTrue(
                key.replicate(2).describe().contains("replicate 2"),
                key.replicate(2).describe());
        NoiseKey secret = NoiseKey.generate();
        assertNotEquals(secret.replicate(1), NoiseKey.generate().replicate(1));
        assertFalse(secret.replicate(1).toString().contains(HexFormat.of().formatHex(secret.material())));
        assertThrows(IllegalArgumentException.class, () -> key.replicate(-1));
    }

    @Test
    void nothingPrintableShowsTheKey() {
        NoiseKey key = NoiseKey.generate();
        String hex = HexFormat.of().formatHex(key.material());
        for (String shown : new String[] {key.toString(), key.describe(), key.fingerprint()}) {
            assertFalse(shown.contains(hex.substring(0, 8)), shown);
        }
        // the purpose keys are HKDF outputs, not slices of the key material
        String direction = HexFormat.of()
                .formatHex(java.nio.ByteBuffer.allocate(32)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .putInt(key.streamKey(DrawPurpose.DIRECTION)[0])
                        .array())
                .substring(0, 8);
        assertFalse(hex.contains(direction));
    }

    @Test
    void textNoncesAreKeyedFunctionsOfTheirContext() {
        NoiseKey key = NoiseKey.generate();
        byte[] text = "model m=2 | dchi eta=5 | ids 101 2023 102".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] other = "model m=2 | dchi eta=6 | ids 101 2023 102".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(key.textNonce(text), key.textNonce(text.clone()));
        assertNotEquals(key.textNonce(text), key.textNonce(other));
        assertNotEquals(key.textNonce(text), NoiseKey.generate().textNonce(text));
    }

    @Test
    void keyFileRoundTripsWithOwnerOnlyPermissions() throws Exception {
        Path file = dir.resolve("state/noise.key");
        NoiseKey key = NoiseKeyFile.readOrCreate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(key, NoiseKeyFile.read(file));
        assertEquals(key, NoiseKeyFile.readOrCreate(file));
        IllegalArgumentException again =
                assertThrows(IllegalArgumentException.class, () -> NoiseKeyFile.write(file, NoiseKey.generate()));
        assertTrue(again.getMessage().contains("never overwritten"), again.getMessage());
        assertEquals(key, NoiseKeyFile.read(file), "a refused overwrite leaves the key as it was");
    }

    @Test
    void processesRacingToCreateTheKeyFileAllGetTheOneKey() throws Exception {
        Path file = dir.resolve("race/noise.key");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var keys = new java.util.ArrayList<java.util.concurrent.Future<NoiseKey>>();
            for (int i = 0; i < 8; i++) {
                keys.add(pool.submit(() -> NoiseKeyFile.readOrCreate(file)));
            }
            java.util.List<NoiseKey> got = new java.util.ArrayList<>();
            for (var k : keys) {
                got.add(k.get());
            }
            NoiseKey written = NoiseKeyFile.read(file);
            got.forEach(k -> assertEquals(written, k));
        } finally {
            pool.shutdown();
        }
        try (var left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no temporary files are left beside the key");
        }
    }

    @Test
    void badKeyFilesAreRefusedWithTheFileAndTheFix() throws Exception {
        Path missing = dir.resolve("missing.key");
        assertMessage(missing, "does not exist");

        Path open = dir.resolve("open.key");
        NoiseKeyFile.write(open, NoiseKey.generate());
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertMessage(open, "chmod 600");

        Path shortFile = dir.resolve("short.key");
        NoiseKeyFile.write(shortFile, NoiseKey.generate());
        String text = Files.readString(shortFile);
        Files.writeString(shortFile, text.substring(0, text.length() - 20));
        assertMessage(shortFile, "short or truncated");

        Path foreign = dir.resolve("foreign.key");
        Files.createFile(foreign, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(foreign, "hello\n");
        assertMessage(foreign, "not a PrivTune key file");

        assertThrows(
                IllegalArgumentException.class,
                () -> NoiseKeyFile.write(dir.resolve("r.key"), NoiseKey.researchSeed(1)));
    }

    @Test
    void unreadableKeyFileIsRefused() throws Exception {
        // a path that exists but cannot be read as a file (permissions would not stop root, which runs CI)
        Path file = dir.resolve("locked.key");
        Files.createDirectory(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertMessage(file, "cannot read");
    }

    private static void assertMessage(Path file, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoiseKeyFile.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(expected), e.getMessage());
    }
}
