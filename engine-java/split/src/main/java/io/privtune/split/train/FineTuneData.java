package io.privtune.split.train;

import io.privtune.core.mechanism.MechanismKind;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.progress.Progress;
import io.privtune.split.data.LabelledText;
import io.privtune.split.model.ModelSource;
import io.privtune.split.task.ClassificationTask;
import io.privtune.split.task.TaskSplits;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import java.util.List;

/**
 * What a fine-tuning run reads before it trains, the same for the in-process tuner and the networked
 * device: the checked settings' task, model and mechanism parameters, the seeded sample of the task's
 * training split and its evaluation split (called dev throughout), both tokenised with the model's own
 * tokenizer. Every label is checked against the task's class count before anything trains on it.
 */
public record FineTuneData(
        ClassificationTask task,
        ModelSource source,
        MechanismParameters parameters,
        List<LabelledText> train,
        List<LabelledText> dev,
        List<Encoding> trainText,
        List<Encoding> devText,
        int[] boundaryIds) {

    public static FineTuneData load(FineTuneSettings s, Progress progress) {
        ModelSource source = ModelSource.resolve(s.model());
        source.requireSplitPoint(s.splitPoint());
        MechanismKind.of(s.mechanism()); // an unknown name is refused before any work
        MechanismParameters parameters = MechanismParameters.defaults().with(s.mechanismParameters());
        ClassificationTask task = s.classificationTask();
        TaskSplits splits = task.load(s.data());
        List<LabelledText> train = PrivateFineTuner.sample(splits.train(), s.trainSubset(), s.seed());
        List<LabelledText> dev = splits.evaluation();
        task.requireLabels(train, "training");
        task.requireLabels(dev, "evaluation");
        try (WordPieceTokenizer tokenizer = WordPieceTokenizer.open(source.tokenizer(), s.maxLength())) {
            List<Encoding> trainText = tokenizer.encodeAll(train, progress, "tokenise train");
            List<Encoding> devText = tokenizer.encodeAll(dev, progress, "tokenise dev");
            return new FineTuneData(task, source, parameters, train, dev, trainText, devText, tokenizer.boundaryIds());
        }
    }

    public int[] trainLabels() {
        return train.stream().mapToInt(LabelledText::label).toArray();
    }
}
