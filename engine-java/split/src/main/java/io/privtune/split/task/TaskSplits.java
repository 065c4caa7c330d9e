package io.privtune.split.task;

import io.privtune.split.data.LabelledText;
import java.util.List;

/**
 * A task's training examples and the examples its utility is measured on; no text is on both sides. {@code attributes}:
 * the private attributes of the same texts where the corpus has them (Blog), else null.
 */
public record TaskSplits(List<LabelledText> train, List<LabelledText> evaluation, PrivateAttributes attributes) {
    public TaskSplits {
        train = List.copyOf(train);
        evaluation = List.copyOf(evaluation);
        if (attributes != null
                && (attributes.train().size() != train.size()
                        || attributes.evaluation().size() != evaluation.size())) {
            throw new IllegalArgumentException("task splits: " + train.size() + " / " + evaluation.size()
                    + " texts but attributes for " + attributes.train().size() + " / "
                    + attributes.evaluation().size());
        }
    }

    /** Splits whose texts carry no private attributes. */
    public TaskSplits(List<LabelledText> train, List<LabelledText> evaluation) {
        this(train, evaluation, null);
    }
}
