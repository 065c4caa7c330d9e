package io.privtune.cli;

import io.privtune.split.task.ClassificationTask;
import io.privtune.split.task.SquadTask;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --task} and the data folder it implies: {@code --data} overrides the task's own folder under
 * ../shared/data. An unknown task is refused, with the known ones, when the run's settings are built.
 */
final class TaskOption {
    @Option(
            names = "--task",
            defaultValue = "sst2",
            description = "classification task: sst2, fpb (Financial PhraseBank 50Agree), blog-topic (Blog "
                    + "Authorship, 5 topics), ag-news; squad: extractive question answering (SQuAD v1.1, finetune and experiment); "
                    + "lm: causal language modelling on --text (default: ${DEFAULT-VALUE})")
    String name;

    @Option(
            names = {"--data", "--sst2"},
            description = "the task's data folder (default: ../shared/data/ + sst2, financial_phrasebank, "
                    + "blog_authorship, ag_news or squad_v1.1 by --task); --sst2 is its older name")
    Path data;

    /** The data folder: --data, else the task's default. */
    Path data() {
        if (data != null) {
            return data;
        }
        return SquadTask.NAME.equals(name)
                ? SquadTask.defaultData()
                : ClassificationTask.of(name).defaultData();
    }
}
