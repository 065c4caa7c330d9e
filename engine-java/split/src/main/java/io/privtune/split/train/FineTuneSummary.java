package io.privtune.split.train;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a run, written as summary.json. {@code medianEffectiveEta} is a training token's η per
 * upload, {@code medianRunEta} its η over the whole run (composed over epochs when the noise is fresh per
 * epoch); {@code noise} says where the key came from, never the key. {@code devCorrect} is each dev sentence's
 * correctness in dev order ({@link io.privtune.split.stats.Outcomes}), for the experiment's intervals; null in
 * summaries written before it was kept. {@code task} names the classification task (null in summaries from before
 * tasks: SST-2); {@code devMacroF1} is macro-F1 over the same evaluation predictions as {@code devAccuracy} (0 in
 * summaries written before it was kept); {@code devMajorityRate} is the accuracy of the best constant guess on the
 * evaluation split, the floor a model must clear to have learned anything (0 in summaries written before it was kept).
 */
public record FineTuneSummary(
        String model,
        int splitPoint,
        String mechanism,
        Map<String, String> mechanismParameters,
        String privacyStatement,
        double medianEffectiveEta,
        double medianRunEta,
        String noise,
        double devAccuracy,
        double devLoss,
        int trainExamples,
        int devExamples,
        long steps,
        double trainSeconds,
        double examplesPerSecond,
        long resumedFromStep,
        List<double[]> lossCurve,
        Map<String, String> environment,
        String devCorrect,
        String task,
        double devMacroF1,
        double devMajorityRate) {}
