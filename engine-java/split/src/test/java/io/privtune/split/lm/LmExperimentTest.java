package io.privtune.split.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.backend.CpuBackend;
import io.privtune.core.progress.Progress;
import io.privtune.split.model.llama.Llama2cCheckpoint;
import io.privtune.split.model.llama.Llama2cTokenizer;
import io.privtune.split.model.llama.LlamaWeights;
import io.privtune.split.model.llama.Stories260kGreedyTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of an LM experiment on a small slice of TinyStories: without noise the cloud reads the uploads and,
 * through the gradients it receives, the tokens the device trained on; the device's gradient noise takes the
 * second away, and dχ at a small η the first.
 */
class LmExperimentTest {
    @Test
    void theGradientProbeReadsTheLabelsUntilTheDeviceNoisesTheGradients(@TempDir Path out) throws Exception {
        Path dir = Stories260kGreedyTest.folder();
        LlamaWeights weights = Llama2cCheckpoint.read(dir.resolve("stories260K.bin"));
        Llama2cTokenizer tokenizer = Llama2cTokenizer.read(dir.resolve("tok512.bin"), 512);
        List<String> held = TextWindows.paragraphs(dir.resolve("../../data/tinystories/tinystories_val.txt"));
        List<int[]> train = TextWindows.of(
                TextWindows.paragraphs(dir.resolve("../../data/tinystories/tinystories_train_head.txt")),
                tokenizer,
                64,
                48,
                "train");
        List<int[]> eval = TextWindows.of(held.subList(0, 200), tokenizer, 64, 8, "eval");
        List<int[]> attacker = TextWindows.of(held.subList(200, held.size()), tokenizer, 64, 96, "attacker");
        LmExperimentSettings settings = new LmExperimentSettings(
                List.of(1),
                List.of(LmCell.parse("none"), LmCell.parse("none:grad-noise=1"), LmCell.parse("dchi:eta=3")),
                1,
                new LmFineTuneSettings(1, 16, 1e-3f, 0.01f, 0.1f, false, GradientNoise.OFF),
                8,
                6,
                4,
                List.of("Once upon a time"),
                20,
                0.8f);
        LmExperiment experiment =
                new LmExperiment(weights, tokenizer, "stories260K", settings, CpuBackend.INSTANCE, Progress.SILENT);
        List<LmCellRun> runs = new ArrayList<>();
        experiment.run(train, eval, attacker, runs::add);
        assertEquals(3, runs.size());
        LmCellRun none = runs.get(0);
        LmCellRun noisedGradients = runs.get(1);
        LmCellRun dchi = runs.get(2);
        double probe = LmCellRun.rate(none.gradient());
        assertTrue(probe > 0.3, "the gradient probe reads the labels without gradient noise: " + probe);
        assertTrue(
                LmCellRun.rate(noisedGradients.gradient()) < probe / 3,
                "gradient noise σ = 1: " + LmCellRun.rate(noisedGradients.gradient()) + " against " + probe);
        assertTrue(LmCellRun.rate(none.knn()) > 0.9, "knn reads clean uploads: " + LmCellRun.rate(none.knn()));
        assertTrue(
                LmCellRun.rate(dchi.knn()) < LmCellRun.rate(none.knn()) / 2,
                "dχ η = 3 hides tokens from knn: " + LmCellRun.rate(dchi.knn()));
        assertTrue(dchi.perplexity() > none.perplexity(), dchi.perplexity() + " vs " + none.perplexity());
        assertTrue(
                LmCellRun.rate(none.optimisation()) > 0.25,
                "the optimisation attack inverts clean uploads through the public bottom: "
                        + LmCellRun.rate(none.optimisation()));
        assertTrue(
                LmCellRun.rate(dchi.optimisation()) < LmCellRun.rate(none.optimisation()),
                "and does worse on noised ones: " + LmCellRun.rate(dchi.optimisation()));

        LmExperimentReport.write(out, "# test", experiment.pretrainedLosses(eval), runs);
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("| none grad-noise=1.0 | 1 |"), report);
        assertTrue(Files.size(out.resolve("lm-frontier.png")) > 1000);
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"gradient.top1\""));
    }
}
