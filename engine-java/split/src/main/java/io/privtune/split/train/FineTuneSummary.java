package io.privtune.split.train;

import java.util.List;
import java.util.Map;

/** The outcome of a run, written as summary.json. */
public record FineTuneSummary(String model, int splitPoint, String mechanism, Map<String, String> mechanismParameters,
                              String privacyStatement, double medianEffectiveEta, double devAccuracy, double devLoss,
                              int trainExamples, int devExamples, long steps, double trainSeconds, double examplesPerSecond,
                              long resumedFromStep, List<double[]> lossCurve, Map<String, String> environment) { }
