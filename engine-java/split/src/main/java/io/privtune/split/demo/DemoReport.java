package io.privtune.split.demo;

import java.util.List;
import java.util.Map;

/** Everything the demo measured, written as report.json. */
public record DemoReport(
        String model,
        String modelFingerprint,
        int splitPoint,
        int k,
        int hops,
        int vocabulary,
        int dim,
        String backend,
        double graphSeconds,
        boolean graphFromCache,
        int hopFallbacks,
        double meanHopSetSize,
        int trainSentences,
        int devSentences,
        int devTokens,
        double meanRepresentationNorm,
        String noise,
        Map<String, String> environment,
        List<DemoCell> cells) {}
