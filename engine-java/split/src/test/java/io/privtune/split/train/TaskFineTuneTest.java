package io.privtune.split.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.backend.CpuBackend;
import io.privtune.core.progress.Progress;
import io.privtune.split.demo.PhraseBankTestData;
import io.privtune.split.task.ClassificationScore;
import io.privtune.split.task.ClassificationTask;
import io.privtune.split.task.TaskSplits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short fine-tune on Financial PhraseBank through the task: a three-class head that learns. */
class TaskFineTuneTest {
    private static final int SENTENCES = 800;

    @TempDir
    Path dir;

    @Test
    void financialPhraseBankLearnsAboveTheMajorityRate() throws IOException {
        Path data = PhraseBankTestData.slice(dir.resolve("fpb"), SENTENCES);
        ClassificationTask fpb = ClassificationTask.of("fpb");
        // 640 training sentences, batches of 16, one epoch: 40 steps; a higher peak rate than the default's 1e-4,
        // which needs more steps than a unit test takes
        FineTuneSettings settings = new FineTuneSettings(
                "all-minilm-l6-v2",
                2,
                "none",
                Map.of(),
                data,
                1,
                16,
                5e-4f,
                0.1f,
                0.01f,
                0.1f,
                32,
                0,
                16,
                3,
                0,
                100,
                0,
                dir.resolve("out"),
                false,
                "fpb");
        FineTuneSummary summary =
                new PrivateFineTuner(CpuBackend.INSTANCE, Progress.SILENT).run(settings, NoiseSettings.research(1));

        TaskSplits splits = fpb.load(data);
        int[] gold = splits.evaluation().stream().mapToInt(l -> l.label()).toArray();
        int majority = mostFrequent(gold, fpb.classes());
        int[] always = new int[gold.length];
        java.util.Arrays.fill(always, majority);
        ClassificationScore baseline = ClassificationScore.of(gold, always);

        assertEquals("fpb", summary.task());
        assertEquals(splits.evaluation().size(), summary.devExamples());
        assertEquals(splits.train().size(), summary.trainExamples());
        assertTrue(
                summary.devAccuracy() > baseline.accuracy() + 0.05,
                "accuracy " + summary.devAccuracy() + " vs the majority rate " + baseline.accuracy());
        assertTrue(
                summary.devMacroF1() > baseline.macroF1() + 0.15,
                "macro-F1 " + summary.devMacroF1() + " vs the majority predictor's " + baseline.macroF1());
        assertTrue(Files.readString(dir.resolve("out/summary.json")).contains("\"devMacroF1\""));
        // the floor the headline judges `none` against: the majority predictor's accuracy, recorded with the run
        assertEquals(baseline.accuracy(), summary.devMajorityRate(), 1e-12);
    }

    private static int mostFrequent(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int l : labels) {
            counts[l]++;
        }
        int best = 0;
        for (int c = 1; c < classes; c++) {
            best = counts[c] > counts[best] ? c : best;
        }
        return best;
    }
}
