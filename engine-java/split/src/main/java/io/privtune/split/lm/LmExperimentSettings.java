package io.privtune.split.lm;

import java.util.List;

/**
 * An LM experiment: the split points and mechanism cells to cross, seeds per cell, fine-tuning,
 * the kNN graph's k, the attack models' epoch budget (early-stopped on held-out windows), how many of the victim's
 * windows the optimisation attack inverts (the slowest attack), and the samples.
 */
public record LmExperimentSettings(
        List<Integer> splitPoints,
        List<LmCell> cells,
        int seeds,
        LmFineTuneSettings fineTune,
        int k,
        int attackEpochs,
        int optimisationWindows,
        List<String> prompts,
        int sampleSteps,
        float temperature) {
    public LmExperimentSettings {
        splitPoints = List.copyOf(splitPoints);
        cells = List.copyOf(cells);
        prompts = List.copyOf(prompts);
        if (splitPoints.isEmpty() || cells.isEmpty()) {
            throw new IllegalArgumentException("an LM experiment needs at least one split point and one cell");
        }
        if (seeds < 1 || k < 1 || attackEpochs < 1 || optimisationWindows < 1) {
            throw new IllegalArgumentException(
                    "need seeds, k, attack epochs and optimisation windows >= 1, found " + this);
        }
    }
}
