package io.privtune.split.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The schema of a grid file (README, "Grid files"), as Jackson binds it: field names are the experiment
 * command's option names (kebab-case), and every field is optional, an absent one keeping the command's
 * default. Boxed types so that absent and given apart; {@link GridFile} checks the values.
 */
record GridDocument(
        String model,
        Integer split,
        String task,
        Data data,
        Budget budget,
        Integer seeds,
        Attacks attacks,
        Qa qa,
        Sweep sweep,
        List<JsonNode> cells) {
    /**
     * Relative folders resolve against the working directory, as the flags do. {@code folder}: the task's data
     * folder ({@code --data}); {@code sst2} is its older name, for SST-2 grids written before tasks.
     */
    record Data(String folder, String sst2, String trustpilot) {}

    record Budget(Integer trainSubset, Integer epochs, Integer batchSize, Float lr, Integer maxLength, Long seed) {}

    /** {@code attacker-sentences} and {@code contextual-sentences}: a count or {@code all}. */
    record Attacks(
            String attackerSentences,
            Integer inversionEpochs,
            Integer optimisationSentences,
            Integer optimisationSteps,
            Integer attributeTexts,
            Integer keywords,
            Integer patience,
            Double heldOut,
            Integer contextualEpochs,
            Integer contextualHidden,
            String contextualModel,
            String contextualSentences,
            Boolean adaptiveFreshNoise,
            Integer naiveEpochs) {}

    /**
     * Extractive QA ({@code task: squad} only): the windows and the evaluation sample, as {@code finetune}'s QA flags.
     * {@code upload}: {@code separate} or {@code joint}.
     */
    record Qa(Integer docStride, Integer maxQuestion, Integer maxAnswer, Integer evalQuestions, String upload) {}

    record Sweep(
            List<Double> etas,
            List<String> mechanisms,
            List<String> ablations,
            Double ablationEta,
            Map<String, String> privtuneParameters) {}

    /** An extra cell in its mapping form, {@code {mechanism: privtune, parameters: {eta: 100, kappa: 0.7}}}. */
    record CellEntry(String mechanism, Map<String, String> parameters) {}
}
