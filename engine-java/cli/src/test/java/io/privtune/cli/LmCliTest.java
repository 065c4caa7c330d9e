package io.privtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code generate} and the LM flags of {@code finetune} from the command line. */
class LmCliTest {
    static Path stories260k() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared/models/stories260K");
            if (Files.isRegularFile(candidate.resolve("stories260K.bin"))) {
                return candidate;
            }
        }
        Assumptions.abort("stories260K not found beside the project (../shared/models/stories260K)");
        return null;
    }

    @Test
    void generateDecodesGreedilyThroughTheSplitAsTheReferenceDoes() throws Exception {
        Path folder = stories260k();
        String reference = Files.readString(folder.resolve("reference_greedy.txt"));
        String expected = reference
                .substring(reference.indexOf('\n') + 1, reference.indexOf("\n\n### prompt"))
                .strip();
        String[] r = PrivTuneCliTest.run(
                "generate",
                "--model",
                folder.toString(),
                "--split",
                "2",
                "--prompt",
                "Once upon a time",
                "--steps",
                "120");
        assertEquals("0", r[0], r[2]);
        assertEquals(expected, r[1].strip());
    }

    @Test
    void lmFlagsAreRefusedForAClassificationTaskAndBadGenerateSettingsByName() {
        String[] r = PrivTuneCliTest.run("finetune", "--text", "story.txt");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("are for --task lm only"), r[2]);
        r = PrivTuneCliTest.run("generate", "--model", stories260k().toString(), "--temperature", "-1");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--temperature >= 0"), r[2]);
        r = PrivTuneCliTest.run("generate", "--model", stories260k().toString(), "--split", "4");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("m in [0, 3]"), r[2]);
    }
}
