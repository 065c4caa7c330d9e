package io.privtune.split.task;

import io.privtune.split.data.LabelledText;
import java.util.List;

/** A task's training examples and the examples its utility is measured on; no text is on both sides. */
public record TaskSplits(List<LabelledText> train, List<LabelledText> evaluation) {
    public TaskSplits {
        train = List.copyOf(train);
        evaluation = List.copyOf(evaluation);
    }
}
