package io.privtune.split.task;

import io.privtune.split.data.GlueTsv;
import java.nio.file.Path;
import java.util.List;

/** SST-2 (GLUE): binary sentiment; trains on train.tsv, evaluated on dev.tsv (the test labels are hidden). */
record Sst2Task() implements ClassificationTask {
    @Override
    public String name() {
        return "sst2";
    }

    @Override
    public List<String> classNames() {
        return List.of("negative", "positive");
    }

    @Override
    public String folder() {
        return "sst2";
    }

    @Override
    public String evaluationSplit() {
        return "dev.tsv";
    }

    @Override
    public UtilityMetric primaryMetric() {
        return UtilityMetric.ACCURACY; // 444 positive / 428 negative dev sentences: balanced
    }

    @Override
    public TaskSplits load(Path data) {
        return new TaskSplits(
                GlueTsv.read(data.resolve("train.tsv"), classes(), 0),
                GlueTsv.read(data.resolve("dev.tsv"), classes(), 0));
    }
}
