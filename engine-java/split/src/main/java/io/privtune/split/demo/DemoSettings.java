package io.privtune.split.demo;

import java.nio.file.Path;
import java.util.List;

/**
 * What the token-privacy demo runs on.
 *
 * @param data           folder with GLUE SST-2 train.tsv and dev.tsv
 * @param trainSentences labelled sentences used for CTI importance (0: all)
 * @param devSentences   sentences perturbed and attacked (0: all)
 * @param k              neighbours per token in the kNN graph
 * @param etas           the dχ privacy parameters swept
 * @param noiseSeed      a public research seed for reproducible noise, or null for a fresh secret key per run
 * @param cache          folder for cached dictionaries and graphs
 * @param splitPoint     m: the bottom model is embeddings + layers 1..m
 * @param parameters     mechanism parameter overrides (e.g. kappa=0.5), applied to every swept mechanism
 */
public record DemoSettings(
        Path data,
        int trainSentences,
        int devSentences,
        int k,
        List<Double> etas,
        Long noiseSeed,
        Path cache,
        int splitPoint,
        java.util.Map<String, String> parameters) {
    /** The m = 0 sweep with default mechanism parameters. */
    public DemoSettings(
            Path data, int trainSentences, int devSentences, int k, List<Double> etas, Long noiseSeed, Path cache) {
        this(data, trainSentences, devSentences, k, etas, noiseSeed, cache, 0, java.util.Map.of());
    }

    public DemoSettings {
        if (etas.isEmpty()) {
            throw new IllegalArgumentException("give at least one eta");
        }
        for (double eta : etas) {
            if (!(eta > 0) || Double.isInfinite(eta)) {
                throw new IllegalArgumentException("eta must be a finite number > 0, found " + eta);
            }
        }
        if (trainSentences < 0 || devSentences < 0) {
            throw new IllegalArgumentException(
                    "sentence counts must be >= 0 (0 = all), found " + trainSentences + " and " + devSentences);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, found " + k);
        }
    }
}
