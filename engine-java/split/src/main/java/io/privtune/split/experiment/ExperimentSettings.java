package io.privtune.split.experiment;

import java.nio.file.Path;
import java.util.List;

/**
 * One experiment: the split model, the fine-tuning budget every cell gets (the same seed and budget, so
 * utility drops compare), the attacker's budget, and the cells.
 */
public record ExperimentSettings(
        String model,
        int splitPoint,
        Path sst2,
        Path trustpilot,
        Path out,
        int trainSubset,
        int epochs,
        int batchSize,
        float learningRate,
        int maxLength,
        int k,
        long seed,
        AttackSettings attacks,
        List<CellSpec> cells) {
    public ExperimentSettings {
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("experiment: no cells to run");
        }
        if (cells.stream().noneMatch(c -> c.mechanism().equals("none"))) {
            throw new IllegalArgumentException(
                    "experiment: the grid needs a `none` cell, the reference for utility drops");
        }
        cells = List.copyOf(cells);
    }

    /** What a stored cell must agree on to be reused: everything but the list of cells. */
    String identity() {
        return String.join(
                "|",
                model,
                Integer.toString(splitPoint),
                Integer.toString(trainSubset),
                Integer.toString(epochs),
                Integer.toString(batchSize),
                Float.toString(learningRate),
                Integer.toString(maxLength),
                Integer.toString(k),
                Long.toString(seed),
                attacks.toString());
    }
}
