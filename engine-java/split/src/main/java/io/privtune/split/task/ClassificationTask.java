package io.privtune.split.task;

import io.privtune.split.data.LabelledText;
import java.nio.file.Path;
import java.util.List;

/**
 * A k-class text classification task that fine-tuning, the device–cloud deployment and the CLI share:
 * its name ({@code --task}), its class names (the top model's head has one output per class), where its
 * data lives by default, how its training and evaluation splits are read, and which utility metric
 * decides. Accuracy and macro-F1 are reported for every task ({@link ClassificationScore}).
 */
public interface ClassificationTask {
    /** Where the corpora live beside the project; each task reads its own folder below it. */
    Path DATA_ROOT = Path.of("../shared/data");

    /**
     * The seed of the held-out splits of corpora without an official one: fixed, never the fine-tuning seed,
     * so every run and every seed is measured on the same evaluation examples.
     */
    long SPLIT_SEED = 13;

    /** The share held out for evaluation where a task makes its own split (the 80/20 papers use). */
    double EVALUATION_FRACTION = 0.2;

    /** The name {@code --task} takes, e.g. {@code fpb}. */
    String name();

    /** Class names in class-index order. */
    List<String> classNames();

    /** The task's folder under {@link #DATA_ROOT} (what its SOURCE.txt describes). */
    String folder();

    /** What the evaluation split is, for logs and reports, e.g. "dev.tsv" or "20 % of the bloggers". */
    String evaluationSplit();

    /** The metric a conclusion about this task rests on: macro-F1 where the classes are unbalanced. */
    UtilityMetric primaryMetric();

    /** The training and evaluation examples read from {@code data} (this task's folder); labels are checked. */
    TaskSplits load(Path data);

    /** Whether {@link #load} gives the texts' private attributes too ({@link TaskSplits#attributes}). */
    default boolean carriesPrivateAttributes() {
        return false;
    }

    default int classes() {
        return classNames().size();
    }

    default Path defaultData() {
        return DATA_ROOT.resolve(folder());
    }

    /** Fails on the first example whose label is not a class index of this task, naming it and the classes. */
    default void requireLabels(List<LabelledText> rows, String split) {
        for (int i = 0; i < rows.size(); i++) {
            int label = rows.get(i).label();
            if (label < 0 || label >= classes()) {
                throw new IllegalArgumentException("task " + name() + ", " + split + " example " + i + ": label "
                        + label + " is outside 0.." + (classes() - 1) + " (" + classes() + " classes: "
                        + String.join(", ", classNames()) + ")");
            }
        }
    }

    /** Every task, in the order the CLI lists them. */
    static List<ClassificationTask> all() {
        return List.of(new Sst2Task(), new PhraseBankTask(), new BlogTopicTask(), new AgNewsTask());
    }

    static List<String> names() {
        return all().stream().map(ClassificationTask::name).toList();
    }

    /** The task called {@code name}; an unknown name fails with one line listing the known ones. */
    static ClassificationTask of(String name) {
        if (SquadTask.NAME.equals(name)) {
            throw new IllegalArgumentException("task squad is extractive question answering, not classification: "
                    + "finetune --task squad and experiment --task squad run it; the device-cloud deployment takes "
                    + String.join(", ", names()));
        }
        return all().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown task '" + name + "'; known tasks: " + String.join(", ", names())));
    }
}
