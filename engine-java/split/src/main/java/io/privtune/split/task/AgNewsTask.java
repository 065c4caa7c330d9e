package io.privtune.split.task;

import io.privtune.split.data.AgNews;
import io.privtune.split.data.CsvDataset;
import io.privtune.split.data.LabelledText;
import io.privtune.split.data.StratifiedSplit;
import java.nio.file.Path;
import java.util.List;

/**
 * AG News: four-class news topic. Only the 7 600-row test split is available here, so it is cut into a
 * seeded stratified 80/20 split (1 900 rows per class, balanced: accuracy decides).
 */
record AgNewsTask() implements ClassificationTask {
    @Override
    public String name() {
        return "ag-news";
    }

    @Override
    public List<String> classNames() {
        return List.of("World", "Sports", "Business", "Sci/Tech"); // classes.txt, checked on load
    }

    @Override
    public String folder() {
        return "ag_news";
    }

    @Override
    public String evaluationSplit() {
        return "20 % of test.csv (stratified, seed " + SPLIT_SEED + ")";
    }

    @Override
    public UtilityMetric primaryMetric() {
        return UtilityMetric.ACCURACY;
    }

    @Override
    public TaskSplits load(Path data) {
        CsvDataset.Labelled read = AgNews.read(data);
        if (!read.labels().equals(classNames())) {
            throw new IllegalArgumentException(data.resolve("classes.txt") + ": expected the classes " + classNames()
                    + ", found " + read.labels());
        }
        StratifiedSplit.Parts<LabelledText> parts = StratifiedSplit.of(read.rows(), EVALUATION_FRACTION, SPLIT_SEED);
        return new TaskSplits(parts.train(), parts.test());
    }
}
