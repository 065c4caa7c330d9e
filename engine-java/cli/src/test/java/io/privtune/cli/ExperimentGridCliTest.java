package io.privtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.split.attack.ContextualInversionAttack;
import io.privtune.split.experiment.AttackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code experiment --grid}: the file is the base, an option given as well replaces its value; mistakes are one line. */
class ExperimentGridCliTest {
    static Path example() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("experiments/grid-example.yaml"))) {
                return p.resolve("experiments/grid-example.yaml");
            }
        }
        throw new IllegalStateException("experiments/grid-example.yaml not found");
    }

    @Test
    void anOptionGivenWithTheGridReplacesTheFilesValue() {
        CommandLine.ParseResult parsed = PrivTuneCli.commandLine()
                .parseArgs(
                        "experiment",
                        "--grid",
                        example().toString(),
                        "--eta",
                        "5,6",
                        "--train-subset",
                        "64",
                        "-P",
                        "kappa=0.5");
        ExperimentCommand command =
                (ExperimentCommand) parsed.subcommand().commandSpec().userObject();
        command.applyGrid();
        assertEquals(List.of(5.0, 6.0), command.etas, "given: replaces the file's list as a whole");
        assertEquals(64, command.trainSubset);
        assertEquals(Map.of("kappa", "0.5"), command.privtuneParameters);
        assertEquals(List.of("dchi", "sap-cti", "privtune"), command.mechanisms, "not given: the file's");
        assertEquals(List.of("privtune-no-shift", "privtune-no-importance"), command.ablations);
        assertEquals(8, command.extraCells.size());
        assertEquals(1e-4f, command.learningRate);
        assertEquals(500, command.keywords);
        assertEquals(Path.of("../shared/data/trustpilot_en"), command.trustpilot);
        CommandLine.ParseResult plain = PrivTuneCli.commandLine().parseArgs("experiment");
        ExperimentCommand defaults =
                (ExperimentCommand) plain.subcommand().commandSpec().userObject();
        defaults.applyGrid();
        assertEquals(20000, defaults.trainSubset);
        assertEquals(List.of(25.0, 50.0, 100.0, 200.0), defaults.etas);
    }

    @Test
    void theTokenAttackersBudgetComesFromFlagsAndGrid(@TempDir Path dir) throws IOException {
        Path grid = Files.writeString(
                dir.resolve("grid.yaml"),
                "attacks: {attacker-sentences: all, contextual-hidden: 64, contextual-sentences: all, patience: 4, "
                        + "adaptive-fresh-noise: false, naive-epochs: 2}\n");
        CommandLine.ParseResult parsed = PrivTuneCli.commandLine()
                .parseArgs("experiment", "--grid", grid.toString(), "--contextual-epochs", "3");
        ExperimentCommand command =
                (ExperimentCommand) parsed.subcommand().commandSpec().userObject();
        command.applyGrid();
        assertEquals(0, command.attackerSentences, "all = 0");
        assertEquals(64, command.tokenAttacks.contextualHidden);
        assertEquals(0, command.tokenAttacks.contextualSentences);
        assertEquals(4, command.tokenAttacks.patience);
        assertEquals(3, command.tokenAttacks.contextualEpochs, "given on the command line");
        assertEquals(0.1, command.tokenAttacks.heldOut, "the default");
        assertFalse(command.tokenAttacks.freshAdaptiveNoise, "the grid's false replaces the default");
        assertEquals(2, command.tokenAttacks.apply(AttackSettings.defaults()).naiveEpochs(), "the settings get it");
        ExperimentCommand overridden = experiment("--grid", grid.toString(), "--adaptive-fresh-noise");
        overridden.applyGrid();
        assertTrue(overridden.tokenAttacks.freshAdaptiveNoise, "the command line replaces the grid's value");
        Path freshGrid = Files.writeString(dir.resolve("fresh.yaml"), "attacks: {adaptive-fresh-noise: true}\n");
        ExperimentCommand turnedOff = experiment("--grid", freshGrid.toString(), "--no-adaptive-fresh-noise");
        turnedOff.applyGrid();
        assertFalse(turnedOff.tokenAttacks.freshAdaptiveNoise, "and the other way round");

        ExperimentCommand flags = experiment("--attacker-sentences", "all", "--contextual-sentences", "500");
        assertEquals(0, flags.attackerSentences);
        assertEquals(500, flags.tokenAttacks.contextualSentences);
        assertEquals(
                0, flags.tokenAttacks.apply(AttackSettings.defaults()).naiveEpochs(), "the adaptive caps unless asked");
        assertTrue(flags.tokenAttacks.freshAdaptiveNoise, "fresh noise, the stronger attacker, unless told otherwise");
        assertTrue(flags.tokenAttacks.apply(AttackSettings.defaults()).freshAdaptiveNoise(), "the settings get it");
        ExperimentCommand oneRelease = experiment("--no-adaptive-fresh-noise");
        assertFalse(oneRelease.tokenAttacks.apply(AttackSettings.defaults()).freshAdaptiveNoise());
        ExperimentCommand asked = experiment("--adaptive-fresh-noise");
        assertTrue(asked.tokenAttacks.freshAdaptiveNoise, "the flag keeps meaning fresh noise");
        CommandLine.ParameterException bad = org.junit.jupiter.api.Assertions.assertThrows(
                CommandLine.ParameterException.class,
                () -> PrivTuneCli.commandLine().parseArgs("experiment", "--contextual-sentences", "lots"));
        assertTrue(bad.getMessage().contains("'all'") && bad.getMessage().contains("lots"), bad.getMessage());

        assertEquals(
                ContextualInversionAttack.Architecture.BILSTM,
                flags.tokenAttacks.apply(AttackSettings.defaults()).contextualModel(),
                "the BiLSTM unless asked");
        Path transformerGrid =
                Files.writeString(dir.resolve("transformer.yaml"), "attacks: {contextual-model: transformer}\n");
        ExperimentCommand transformer = experiment("--grid", transformerGrid.toString());
        transformer.applyGrid();
        assertEquals(
                ContextualInversionAttack.Architecture.TRANSFORMER,
                transformer.tokenAttacks.apply(AttackSettings.defaults()).contextualModel());
        ExperimentCommand replaced = experiment("--grid", transformerGrid.toString(), "--contextual-model", "bilstm");
        replaced.applyGrid();
        assertEquals(
                ContextualInversionAttack.Architecture.BILSTM,
                replaced.tokenAttacks.apply(AttackSettings.defaults()).contextualModel(),
                "the command line replaces the grid's model");
        assertEquals(
                ContextualInversionAttack.Architecture.TRANSFORMER,
                experiment("--contextual-model", "transformer")
                        .tokenAttacks
                        .apply(AttackSettings.defaults())
                        .contextualModel());
        CommandLine.ParameterException unknown = org.junit.jupiter.api.Assertions.assertThrows(
                CommandLine.ParameterException.class,
                () -> PrivTuneCli.commandLine().parseArgs("experiment", "--contextual-model", "gru"));
        assertTrue(unknown.getMessage().contains("bilstm or transformer, found 'gru'"), unknown.getMessage());
    }

    @Test
    void aSquadGridCarriesTheQaFlags(@TempDir Path dir) throws IOException {
        Path grid = Files.writeString(
                dir.resolve("grid.yaml"), "task: squad\nqa: {upload: joint, doc-stride: 32, eval-questions: 500}\n");
        ExperimentCommand command = experiment("--grid", grid.toString(), "--eval-questions", "200");
        command.applyGrid();
        assertEquals("joint", command.qa.upload);
        assertEquals(32, command.qa.docStride);
        assertEquals(200, command.qa.evaluationQuestions, "given on the command line");

        Path sst2 = Files.writeString(dir.resolve("sst2.yaml"), "task: sst2\nqa: {max-answer: 20}\n");
        ExperimentCommand wrong = experiment("--grid", sst2.toString());
        wrong.applyGrid();
        IllegalArgumentException e =
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, wrong::settings);
        assertTrue(e.getMessage().contains("--task squad only"), e.getMessage());
    }

    @Test
    void seedsFromTheFileOrTheCommandLineMakeOneRunPerSeed(@TempDir Path dir) throws IOException {
        Path grid = Files.writeString(dir.resolve("grid.yaml"), "seeds: 2\nsweep: {etas: [10]}\n");
        CommandLine.ParseResult parsed = PrivTuneCli.commandLine().parseArgs("experiment", "--grid", grid.toString());
        ExperimentCommand command =
                (ExperimentCommand) parsed.subcommand().commandSpec().userObject();
        command.applyGrid();
        assertEquals(2, command.seeds);

        String[] missing = PrivTuneCliTest.run(
                "experiment",
                "--grid",
                example().toString(),
                "--seeds",
                "3",
                "--report-only",
                "--out",
                dir.resolve("out").toString());
        assertEquals("2", missing[0]);
        assertTrue(
                missing[2].startsWith("privtune: 69 of 69 runs have no result in ")
                        && missing[2].contains("none_seed-0 (not claimed)")
                        && missing[2].contains("privtune_eta-100_hops-3_kappa-0.65_seed-2 (not claimed)"),
                missing[2]);

        String[] zero = PrivTuneCliTest.run(
                "experiment",
                "--seeds",
                "0",
                "--report-only",
                "--out",
                dir.resolve("out").toString());
        assertEquals("2", zero[0]);
        assertTrue(zero[2].contains("--seeds must be at least 1, found 0"), zero[2]);
    }

    @Test
    void aBadGridFileOrShardIsOneLine(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("grid.yaml"), "budget:\n  epochs: one\n");
        String[] r = PrivTuneCliTest.run(
                "experiment",
                "--grid",
                bad.toString(),
                "--report-only",
                "--out",
                dir.resolve("out").toString());
        assertEquals("2", r[0]);
        assertEquals("privtune: " + bad + ": budget.epochs: expected an integer, found 'one'", r[2].strip());

        String[] shard = PrivTuneCliTest.run(
                "experiment",
                "--grid",
                example().toString(),
                "--shard",
                "4/4",
                "--out",
                dir.resolve("out").toString());
        assertEquals("2", shard[0]);
        assertTrue(
                shard[2].startsWith("privtune: --shard: expected INDEX/COUNT") && shard[2].contains("'4/4'"), shard[2]);

        String[] missing = PrivTuneCliTest.run(
                "experiment",
                "--grid",
                example().toString(),
                "--report-only",
                "--out",
                dir.resolve("out").toString());
        assertEquals("2", missing[0]);
        assertTrue(
                missing[2].startsWith("privtune: 23 of 23 cells have no result in ")
                        && missing[2].contains("none (not claimed)")
                        && missing[2].contains("privtune_eta-100_hops-3_kappa-0.65 (not claimed)"),
                missing[2]);
        assertFalse(missing[2].contains("\tat "), missing[2]);
    }

    @Test
    void aReferenceThatHoldsNoResultsIsOneLine(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("earlier"));
        String[] r = PrivTuneCliTest.run(
                "experiment",
                "--reference",
                empty.toString(),
                "--report-only",
                "--out",
                dir.resolve("out").toString());
        assertEquals("2", r[0]);
        assertEquals(
                "privtune: --reference " + empty
                        + ": expected an experiment's results folder (with cells/) or its results.json, found neither",
                r[2].strip());
    }

    @Test
    void aTransformerWidthItsHeadsDoNotDivideIsOneLine(@TempDir Path dir) {
        String[] r = PrivTuneCliTest.run(
                "experiment",
                "--contextual-model",
                "transformer",
                "--contextual-hidden",
                "30",
                "--report-only",
                "--out",
                dir.resolve("out").toString());
        assertEquals("2", r[0]);
        assertEquals(
                "privtune: contextual inversion: the transformer's width (--contextual-hidden, "
                        + "attacks.contextual-hidden) must divide by its 4 heads; found 30",
                r[2].strip());
    }

    /** The experiment command as parsed from {@code args}, before its grid file is applied. */
    private static ExperimentCommand experiment(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "experiment";
        System.arraycopy(args, 0, all, 1, args.length);
        return (ExperimentCommand) PrivTuneCli.commandLine()
                .parseArgs(all)
                .subcommand()
                .commandSpec()
                .userObject();
    }
}
