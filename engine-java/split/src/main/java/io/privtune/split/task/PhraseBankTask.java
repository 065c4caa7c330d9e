package io.privtune.split.task;

import io.privtune.split.data.FinancialPhraseBank;
import io.privtune.split.data.LabelledText;
import io.privtune.split.data.StratifiedSplit;
import java.nio.file.Path;
import java.util.List;

/**
 * Financial PhraseBank, 50Agree: three-class financial sentiment on a seeded stratified 80/20 split
 * (there is no official one). 59 % of the sentences are neutral, so macro-F1 decides, not accuracy.
 */
record PhraseBankTask() implements ClassificationTask {
    @Override
    public String name() {
        return "fpb";
    }

    @Override
    public List<String> classNames() {
        return FinancialPhraseBank.LABELS;
    }

    @Override
    public String folder() {
        return "financial_phrasebank";
    }

    @Override
    public String evaluationSplit() {
        return "20 % of " + FinancialPhraseBank.DEFAULT_FILE + " (stratified, seed " + SPLIT_SEED + ")";
    }

    @Override
    public UtilityMetric primaryMetric() {
        return UtilityMetric.MACRO_F1;
    }

    @Override
    public TaskSplits load(Path data) {
        List<LabelledText> rows = FinancialPhraseBank.read(data.resolve(FinancialPhraseBank.DEFAULT_FILE));
        StratifiedSplit.Parts<LabelledText> parts = StratifiedSplit.of(rows, EVALUATION_FRACTION, SPLIT_SEED);
        return new TaskSplits(parts.train(), parts.test());
    }
}
