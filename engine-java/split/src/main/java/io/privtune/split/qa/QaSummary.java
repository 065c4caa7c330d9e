package io.privtune.split.qa;

import java.util.List;
import java.util.Map;

/**
 * The outcome of an extractive QA run, written as summary.json. Exact match and F1 are SQuAD v1.1's official ones,
 * averaged over the evaluation questions; {@code exactMatches} is each question's exact match in order
 * ({@link io.privtune.split.stats.Outcomes}), for intervals. {@code meanContextReleases}/{@code maxContextReleases}:
 * how many distinct uploads carried each training context token, each under its own noise, so the cloud holds that
 * many perturbed copies of it to average: 1 with separate uploads and one release, one per window of every question
 * on its paragraph with joint windows, times the epochs under fresh per-epoch noise.
 */
public record QaSummary(
        String model,
        int splitPoint,
        String mechanism,
        Map<String, String> mechanismParameters,
        String privacyStatement,
        String noise,
        double exactMatch,
        double f1,
        int trainQuestions,
        int trainWindows,
        int evaluationQuestions,
        int evaluationWindows,
        double meanContextReleases,
        int maxContextReleases,
        long steps,
        double trainSeconds,
        double windowsPerSecond,
        List<double[]> lossCurve,
        Map<String, String> environment,
        String exactMatches,
        String evaluationSplit) {}
