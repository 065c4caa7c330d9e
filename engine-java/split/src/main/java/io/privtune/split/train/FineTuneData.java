package io.privtune.split.train;

import io.privtune.core.mechanism.MechanismKind;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.progress.Progress;
import io.privtune.split.data.GlueTsv;
import io.privtune.split.data.LabelledText;
import io.privtune.split.model.ModelSource;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import java.util.List;

/**
 * What a fine-tuning run reads before it trains, the same for the in-process tuner and the networked
 * device: the checked settings' model and mechanism parameters, the seeded SST-2 training sample and the
 * dev set, both tokenised with the model's own tokenizer.
 */
public record FineTuneData(
        ModelSource source,
        MechanismParameters parameters,
        List<LabelledText> train,
        List<LabelledText> dev,
        List<Encoding> trainText,
        List<Encoding> devText,
        int[] boundaryIds) {

    public static FineTuneData load(FineTuneSettings s, Progress progress) {
        ModelSource source = ModelSource.resolve(s.model());
        if (s.splitPoint() < 0 || s.splitPoint() > source.shape().layers()) {
            throw new IllegalArgumentException("split point m must be in [0, "
                    + source.shape().layers() + "] for " + source.name() + ", found " + s.splitPoint());
        }
        MechanismKind.of(s.mechanism()); // an unknown name is refused before any work
        MechanismParameters parameters = MechanismParameters.defaults().with(s.mechanismParameters());
        List<LabelledText> train =
                PrivateFineTuner.sample(GlueTsv.read(s.data().resolve("train.tsv"), 2, 0), s.trainSubset(), s.seed());
        List<LabelledText> dev = GlueTsv.read(s.data().resolve("dev.tsv"), 2, 0);
        try (WordPieceTokenizer tokenizer = WordPieceTokenizer.open(source.tokenizer(), s.maxLength())) {
            List<Encoding> trainText = tokenizer.encodeAll(train, progress, "tokenise train");
            List<Encoding> devText = tokenizer.encodeAll(dev, progress, "tokenise dev");
            return new FineTuneData(source, parameters, train, dev, trainText, devText, tokenizer.boundaryIds());
        }
    }

    public int[] trainLabels() {
        return train.stream().mapToInt(LabelledText::label).toArray();
    }
}
