package io.privtune.split.demo;

import java.util.Map;

/**
 * One mechanism at one setting, attacked: the knn ASR (top-1 and top-5, the strongest of cosine, L2 and, for noise
 * with a Mahalanobis shape, the whitened decoder; each variant's top-1 too, NaN where it did not run) and how much of
 * h's direction survived.
 */
public record DemoCell(
        String mechanism,
        double eta,
        Map<String, String> parameters,
        int attackedTokens,
        double knnTop1,
        double knnTop5,
        double knnTop1Cosine,
        double knnTop1L2,
        double knnTop1Mahalanobis,
        double meanCosine,
        double medianEffectiveEta,
        double seconds,
        String privacyStatement) {}
