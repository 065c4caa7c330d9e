package io.privtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.split.train.FineTuneSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TaskCliTest {
    private static final String UNKNOWN =
            "privtune: unknown task 'squad-v9'; known tasks: sst2, fpb, blog-topic, ag-news";

    @Test
    void finetuneTakesTheTaskAndItsDataFolder() {
        FinetuneCommand plain = new FinetuneCommand();
        new CommandLine(plain).parseArgs();
        assertEquals("sst2", plain.settings().task());
        assertEquals(Path.of("../shared/data/sst2"), plain.settings().data());

        FinetuneCommand fpb = new FinetuneCommand();
        new CommandLine(fpb).parseArgs("--task", "fpb", "--split", "3");
        FineTuneSettings s = fpb.settings();
        assertEquals("fpb", s.task());
        assertEquals(3, s.classificationTask().classes());
        assertEquals(Path.of("../shared/data/financial_phrasebank"), s.data());
        assertTrue(s.identity().endsWith("|task fpb"), "a checkpoint of one task never resumes another");

        FinetuneCommand moved = new FinetuneCommand();
        new CommandLine(moved).parseArgs("--task", "ag-news", "--data", "/corpora/ag");
        assertEquals(Path.of("/corpora/ag"), moved.settings().data(), "--data overrides the task's folder");
        assertEquals("ag-news", moved.settings().task());
    }

    @Test
    void deviceTrainTakesTheTask() {
        DeviceCommand.Train device = new DeviceCommand.Train();
        new CommandLine(device)
                .parseArgs("--cloud", "localhost:1", "--trust", "cert.pem", "--task", "blog-topic", "--lora", "8");
        FineTuneSettings s = device.settings();
        assertEquals("blog-topic", s.task());
        assertEquals(5, s.classificationTask().classes());
        assertEquals(Path.of("../shared/data/blog_authorship"), s.data());
        assertEquals(8, s.loraRank());
    }

    @Test
    void squadIsExtractiveQaInFinetuneOnly() {
        FinetuneCommand squad = new FinetuneCommand();
        new CommandLine(squad)
                .parseArgs("--task", "squad", "--qa-upload", "joint", "--doc-stride", "32", "--eval-questions", "100");
        assertEquals(Path.of("../shared/data/squad_v1.1"), squad.settings().data());
        assertEquals(32, squad.qa.options().docStride());
        assertEquals(100, squad.qa.options().evaluationQuestions());
        assertEquals(30, squad.qa.options().maxAnswerTokens(), "the default where not given");
        assertEquals(
                io.privtune.split.qa.QaOptions.Upload.JOINT, squad.qa.options().upload());
        FinetuneCommand separate = new FinetuneCommand();
        new CommandLine(separate).parseArgs("--task", "squad");
        assertEquals(
                io.privtune.split.qa.QaOptions.Upload.SEPARATE,
                separate.qa.options().upload(),
                "the default");
        String[] strideAlone = PrivTuneCliTest.run("finetune", "--task", "squad", "--doc-stride", "32");
        assertEquals("2", strideAlone[0]);
        assertTrue(strideAlone[2].contains("--qa-upload joint"), strideAlone[2]);
        String[] badMode = PrivTuneCliTest.run("finetune", "--task", "squad", "--qa-upload", "both");
        assertEquals("2", badMode[0]);
        assertTrue(badMode[2].contains("--qa-upload must be separate or joint"), badMode[2]);

        String[] stride = PrivTuneCliTest.run("finetune", "--task", "fpb", "--doc-stride", "32");
        assertEquals("2", stride[0]);
        assertTrue(stride[2].contains("--task squad only"), stride[2]);
        String[] device = PrivTuneCliTest.run(
                "device",
                "train",
                "--cloud",
                "localhost:1",
                "--trust",
                "cert.pem",
                "--token",
                "0123456789abcdef0123",
                "--task",
                "squad");
        assertEquals("2", device[0]);
        assertTrue(
                device[2].contains("extractive question answering") && device[2].contains("finetune --task squad"),
                device[2]);
        assertTrue(!java.nio.file.Files.exists(Path.of("out/device")), "a refused run leaves no key or session record");
    }

    @Test
    void experimentRunsSquadWithFinetunesQaOptionsAndRefusesCellsThatNeedClasses() {
        ExperimentCommand squad = new ExperimentCommand();
        new CommandLine(squad)
                .parseArgs(
                        "--task",
                        "squad",
                        "--mechanisms",
                        "dchi,privtune",
                        "-P",
                        "importance=attention",
                        "--ablations",
                        "none",
                        "--qa-upload",
                        "joint",
                        "--doc-stride",
                        "32",
                        "--eval-questions",
                        "100");
        squad.applyGrid();
        io.privtune.split.experiment.ExperimentSettings s = squad.settings();
        assertTrue(s.extractiveQa());
        assertEquals(Path.of("../shared/data/squad_v1.1"), s.data());
        assertEquals(QaFinetune.DEFAULT_WINDOW, s.maxLength(), "finetune's window default");
        assertEquals(64, s.attacks().maxLength(), "TrustPilot's texts cut as in the classification grids");
        assertEquals(io.privtune.split.qa.QaOptions.Upload.JOINT, s.qa().upload());
        assertEquals(32, s.qa().docStride());
        assertEquals(100, s.qa().evaluationQuestions());
        ExperimentCommand window = new ExperimentCommand();
        new CommandLine(window)
                .parseArgs("--task", "squad", "--mechanisms", "dchi", "--ablations", "none", "--max-length", "128");
        window.applyGrid();
        assertEquals(128, window.settings().maxLength(), "a given window wins");
        assertEquals(
                io.privtune.split.qa.QaOptions.Upload.SEPARATE,
                window.settings().qa().upload(),
                "the default");

        String[] defaults = PrivTuneCliTest.run("experiment", "--task", "squad", "--out", "out/never-written");
        assertEquals("2", defaults[0]);
        assertTrue(
                defaults[2].contains("sap-cti") && defaults[2].contains("CTI") && defaults[2].contains("importance"),
                defaults[2]);
        assertTrue(!java.nio.file.Files.exists(Path.of("out/never-written")), "refused before any work");
        String[] narrow = PrivTuneCliTest.run(
                "experiment", "--task", "squad", "--mechanisms", "dchi", "--ablations", "none", "--max-length", "60");
        assertEquals("2", narrow[0]);
        assertTrue(narrow[2].contains("cannot hold a question of up to 64 tokens"), narrow[2]);
        String[] tooLong = PrivTuneCliTest.run(
                "experiment", "--task", "squad", "--mechanisms", "dchi", "--ablations", "none", "--max-length", "600");
        assertEquals("2", tooLong[0]);
        assertTrue(tooLong[2].contains("512 positions"), tooLong[2]);
        String[] stray = PrivTuneCliTest.run("experiment", "--task", "fpb", "--eval-questions", "10");
        assertEquals("2", stray[0]);
        assertTrue(stray[2].contains("--task squad only"), stray[2]);
    }

    @Test
    void anUnknownTaskIsOneLineBeforeAnyWork() {
        String[] finetune = PrivTuneCliTest.run("finetune", "--task", "squad-v9");
        assertEquals("2", finetune[0]);
        assertEquals(UNKNOWN, finetune[2].strip());
        String[] device = PrivTuneCliTest.run(
                "device",
                "train",
                "--cloud",
                "localhost:1",
                "--trust",
                "cert.pem",
                "--token",
                "0123456789abcdef0123",
                "--task",
                "squad-v9");
        assertEquals("2", device[0]);
        assertEquals(UNKNOWN, device[2].strip());
        String[] help = PrivTuneCliTest.run("finetune", "--help");
        assertTrue(help[1].contains("--task") && help[1].contains("blog-topic"), help[1]);
    }
}
