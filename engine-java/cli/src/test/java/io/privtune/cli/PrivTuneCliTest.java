package io.privtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PrivTuneCliTest {
    /** The real SST-2 folder (the checks above fail before any training starts). */
    static final class Sst2Folder {
        static String path() {
            return io.privtune.split.demo.Sst2TestData.source().toString();
        }
    }

    /** Runs the CLI in-process: {exit code, stdout, stderr}. */
    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PrivTuneCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    /** picocli formats help text with String.format: a bare '%' prints a warning and the raw text. */
    @Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.util.ArrayDeque<CommandLine> commands = new java.util.ArrayDeque<>(List.of(PrivTuneCli.commandLine()));
        int rendered = 0;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            while (!commands.isEmpty()) {
                CommandLine command = commands.pop();
                commands.addAll(command.getSubcommands().values());
                assertFalse(command.getUsageMessage().isBlank());
                rendered++;
            }
        } finally {
            System.setErr(original);
        }
        String warnings = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(warnings.contains("picocli WARN"), warnings);
        assertTrue(rendered > 10, "commands rendered: " + rendered);
    }

    @Test
    void helpListsTheCommands() {
        String[] r = run("--help");
        assertEquals("0", r[0]);
        assertTrue(r[1].contains("demo") && r[1].contains("graph") && r[1].contains("finetune"), r[1]);
    }

    @Test
    void badInputGetsAOneLineErrorNotAStackTrace() {
        String[] missingData = run("demo", "--data", "/nonexistent/sst2", "--eta", "50");
        assertEquals("2", missingData[0]);
        assertTrue(
                missingData[2].startsWith("privtune: ")
                        && missingData[2].contains("train.tsv")
                        && !missingData[2].contains("\tat "),
                missingData[2]);
        String[] badEta = run("demo", "--eta", "0");
        assertEquals("2", badEta[0]);
        assertTrue(badEta[2].contains("eta must be"), badEta[2]);
        String[] badSplit = run("finetune", "--split", "9", "--data", Sst2Folder.path());
        assertEquals("2", badSplit[0]);
        assertTrue(badSplit[2].contains("split point m must be in [0, 6]"), badSplit[2]);
        String[] badMechanism = run("finetune", "--mechanism", "laplace", "--data", Sst2Folder.path());
        assertTrue(badMechanism[2].contains("unknown mechanism 'laplace'"), badMechanism[2]);
        String[] badParameter = run("finetune", "--mechanism", "dchi", "-P", "eta=-1", "--data", Sst2Folder.path());
        assertTrue(badParameter[2].contains("eta must be"), badParameter[2]);
        // part 2's model and split are checked before part 1 runs: the error comes at once and names the options
        String[] badFinetuneSplit = run("demo", "--finetune-split", "13", "--data", "/nonexistent/sst2");
        assertEquals("2", badFinetuneSplit[0]);
        assertTrue(
                badFinetuneSplit[2].contains("--finetune-split")
                        && badFinetuneSplit[2].contains("split point m must be in [0, 12]")
                        && !badFinetuneSplit[2].contains("train.tsv"),
                badFinetuneSplit[2]);
        String[] badFinetuneModel = run("demo", "--finetune-model", "no-such-model");
        assertTrue(
                badFinetuneModel[2].contains("--finetune-model") && badFinetuneModel[2].contains("no-such-model"),
                badFinetuneModel[2]);
        String[] notANumber = run("graph", "--k", "many");
        assertEquals("2", notANumber[0]);
        assertTrue(notANumber[2].contains("--k"), notANumber[2]);
    }

    @Test
    void deploymentAndExperimentCommandsRefuseBadSetUpsClearly() {
        String[] help = run("--help");
        assertTrue(help[1].contains("experiment") && help[1].contains("cloud") && help[1].contains("device"), help[1]);
        String[] shortToken = run(
                "cloud",
                "serve",
                "--token",
                "short",
                "--state",
                System.getProperty("java.io.tmpdir") + "/privtune-cli-cloud",
                "--port",
                "0");
        assertEquals("2", shortToken[0]);
        assertTrue(shortToken[2].contains("at least 16 characters"), shortToken[2]);
        String[] halfTls = run("cloud", "serve", "--token", "0123456789abcdef0123", "--tls-cert", "cert.pem");
        assertTrue(halfTls[2].contains("--tls-cert and --tls-key go together"), halfTls[2]);
        String[] noCloud = run("device", "train", "--trust", "cert.pem", "--token", "0123456789abcdef0123");
        assertEquals("2", noCloud[0]);
        assertTrue(noCloud[2].contains("--cloud"), noCloud[2]);
        String[] badBackend = run("graph", "--backend", "tpu");
        assertTrue(badBackend[2].contains("auto, cpu or cuda"), badBackend[2]);
        String[] badCell = run("experiment", "--cell", "laplace:eta=1", "--report-only");
        assertTrue(badCell[2].contains("unknown mechanism 'laplace'"), badCell[2]);
    }

    @Test
    void addDevicePrintsATokenOnceAndServeRefusesBadCredentialsClearly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("devices.json");
        String[] added = run("cloud", "add-device", "--credentials", file.toString(), "--device", "phone-1");
        assertEquals("0", added[0], added[2]);
        String token = added[1].trim();
        assertTrue(
                token.matches("[A-Za-z0-9_-]{43}"),
                "the token alone on standard output, 32 bytes base64url: " + added[1]);
        assertTrue(added[2].contains("'phone-1' added to " + file), added[2]);
        assertEquals(
                java.util.Optional.of("phone-1"),
                io.privtune.split.deploy.CredentialsFile.load(file).deviceFor(token));
        assertFalse(Files.readString(file).contains(token));

        String[] twice = run("cloud", "add-device", "--credentials", file.toString(), "--device", "phone-1");
        assertEquals("2", twice[0]);
        assertTrue(twice[2].startsWith("privtune: " + file + ": ") && twice[2].contains("already there"), twice[2]);

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"devices\": [{\"id\": \"phone-1\", \"token_sha256\": \"1234\"}]}");
        String[] bad = run(
                "cloud",
                "serve",
                "--credentials",
                broken.toString(),
                "--state",
                dir.resolve("state").toString(),
                "--port",
                "0");
        assertEquals("2", bad[0]);
        assertTrue(
                bad[2].startsWith("privtune: " + broken + ": devices[0].token_sha256: expected 64 hex digits")
                        && !bad[2].contains("\tat "),
                bad[2]);
        String[] missing =
                run("cloud", "serve", "--credentials", dir.resolve("none.json").toString(), "--port", "0");
        assertTrue(missing[2].contains("none.json: no such credentials file"), missing[2]);
        String[] both = run(
                "cloud", "serve", "--credentials", file.toString(), "--token", "0123456789abcdef0123", "--port", "0");
        assertTrue(both[2].contains("--credentials and --token are alternatives"), both[2]);
    }
}
