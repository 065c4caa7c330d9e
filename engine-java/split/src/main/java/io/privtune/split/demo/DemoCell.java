package io.privtune.split.demo;

import java.util.Map;

/** One mechanism at one setting, attacked: the knn ASR and how much of h's direction survived. */
public record DemoCell(String mechanism, double eta, Map<String, String> parameters, int attackedTokens,
                       double knnTop1, double knnTop5, double meanCosine, double medianEffectiveEta,
                       double seconds, String privacyStatement) { }
