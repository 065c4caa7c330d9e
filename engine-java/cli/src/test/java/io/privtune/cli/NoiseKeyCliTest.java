package io.privtune.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.io.SafetensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The noise key as a user meets it on the command line: secret and fresh by default, reproducible only when asked. */
class NoiseKeyCliTest {
    @TempDir
    Path dir;

    private static String[] run(String... args) {
        return PrivTuneCliTest.run(args);
    }

    private float[] perturb(String out, String... extra) throws Exception {
        String[] base = {
            "perturb",
            "--input",
            dir.resolve("texts.txt").toString(),
            "--out",
            dir.resolve(out).toString(),
            "--mechanism",
            "dchi",
            "--eta",
            "20"
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        String[] r = run(args);
        assertEquals("0", r[0], r[2]);
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(out).resolve("perturbed.safetensors"))) {
            String noise = f.metadata().get("noise");
            assertTrue(
                    extra.length == 0 ? noise.startsWith("secret key") : noise.contains("research seed 3 (not secret"),
                    noise);
            return f.tensor("representations").toFloatArray();
        }
    }

    @Test
    void defaultRunsDrawNewNoiseAndAResearchSeedRepeats() throws Exception {
        Files.writeString(
                dir.resolve("texts.txt"), "a gorgeous , witty , seductive movie .\nthe acting is astounding\n");
        float[] first = perturb("a");
        float[] second = perturb("b");
        assertFalse(java.util.Arrays.equals(first, second), "two default runs use two fresh secret keys");
        assertArrayEquals(
                perturb("c", "--noise-seed", "3"),
                perturb("d", "--noise-seed", "3"),
                0f,
                "one research seed, one upload");
    }

    @Test
    void badKeySetUpsAreRefusedWithTheReason() throws Exception {
        String[] research = run(
                "device",
                "train",
                "--cloud",
                "localhost:1",
                "--trust",
                dir.resolve("cert.pem").toString(),
                "--token",
                "0123456789abcdef0123",
                "--state",
                dir.resolve("device").toString(),
                "--noise-seed",
                "1");
        assertEquals("2", research[0]);
        assertTrue(
                research[2].contains("research seed") && research[2].contains("--insecure-research-seed"), research[2]);

        Path open = dir.resolve("open.key");
        Files.writeString(open, "privtune noise key v1\n" + "ab".repeat(32) + "\n");
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(dir.resolve("texts.txt"), "dull\n");
        String[] readable = run(
                "perturb",
                "--input",
                dir.resolve("texts.txt").toString(),
                "--out",
                dir.resolve("x").toString(),
                "--mechanism",
                "dchi",
                "--noise-key",
                open.toString());
        assertEquals("2", readable[0]);
        assertTrue(
                readable[2].contains(open.toString())
                        && readable[2].contains("chmod 600")
                        && !readable[2].contains("\tat "),
                readable[2]);

        String[] both = run(
                "perturb",
                "--input",
                dir.resolve("texts.txt").toString(),
                "--noise-key",
                open.toString(),
                "--noise-seed",
                "2");
        assertEquals("2", both[0]);
        assertTrue(both[2].contains("exclude each other"), both[2]);

        String[] seedParameter =
                run("perturb", "--input", dir.resolve("texts.txt").toString(), "-P", "seed=4");
        assertEquals("2", seedParameter[0]);
        assertTrue(seedParameter[2].contains("--noise-seed"), seedParameter[2]);
    }
}
