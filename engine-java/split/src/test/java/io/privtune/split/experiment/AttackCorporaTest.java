package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privtune.core.progress.Progress;
import io.privtune.split.data.LabelledText;
import io.privtune.split.task.PrivateAttributes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttackCorporaTest {
    private static final AttributeCorpus ATTRIBUTES = new AttributeCorpus(
            "made-up",
            List.of("F", "M"),
            List.of("young", "old"),
            List.of(new PrivateAttributes.Text("victim review", 0, 0, "v")),
            List.of(new PrivateAttributes.Text("attacker review", 1, 1, "a")),
            false);

    /** --train-subset 0 hands the victim every training text: the refusal names why, before any model is read. */
    @Test
    void refusesWhenTheVictimHoldsEveryTrainingText() {
        List<LabelledText> train = List.of(new LabelledText("a fine film", 1), new LabelledText("a dull one", 0));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> AttackCorpora.prepare(
                        train,
                        train,
                        List.of(new LabelledText("held out", 1)),
                        ATTRIBUTES,
                        AttackSettings.defaults(),
                        0,
                        Path.of("no-tokenizer.json"),
                        null,
                        Progress.SILENT));
        assertTrue(e.getMessage().contains("every one of the task's 2 training texts"), e.getMessage());
        assertTrue(e.getMessage().contains("--train-subset"), e.getMessage());
    }
}
