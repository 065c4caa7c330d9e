package io.privtune.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivTuneCliTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PrivTuneCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void helpListsTheCommands() {
        String[] r = run("--help");
        assertEquals("0", r[0]);
        assertTrue(r[1].contains("demo") && r[1].contains("graph"), r[1]);
    }

    @Test
    void badInputGetsAOneLineErrorNotAStackTrace() {
        String[] missingData = run("demo", "--data", "/nonexistent/sst2", "--eta", "50");
        assertEquals("2", missingData[0]);
        assertTrue(missingData[2].startsWith("privtune: ") && missingData[2].contains("train.tsv") && !missingData[2].contains("\tat "),
                missingData[2]);
        String[] badEta = run("demo", "--eta", "0");
        assertEquals("2", badEta[0]);
        assertTrue(badEta[2].contains("eta must be"), badEta[2]);
        String[] notANumber = run("graph", "--k", "many");
        assertEquals("2", notANumber[0]);
        assertTrue(notANumber[2].contains("--k"), notANumber[2]);
    }
}
