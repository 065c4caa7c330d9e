package io.privtune.split.train;

import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.NoiseKeyFile;
import java.nio.file.Path;

/**
 * Where a run's noise key comes from, and how often a training example gets new noise (docs/DESIGN.md §3.9).
 * By default the key is secret: read from, or created in, an owner-only key file on the device. A
 * research seed instead makes the noise reproducible by anyone, and every report says so.
 *
 * @param researchSeed the public seed of a reproducible research run, or null for a secret key
 * @param keyFile      the secret key's file (created on first use); ignored with a research seed
 * @param epochNoise   SAME: an example's upload is identical in every epoch (one release of its text);
 *                     FRESH: new noise each epoch (E releases, the dχ guarantees compose to E·η)
 * @param replicate    0, or the seed of an experiment's run: the key is then {@link NoiseKey#replicate} of the
 *                     research seed's or the file's key
 */
public record NoiseSettings(Long researchSeed, Path keyFile, EpochNoise epochNoise, int replicate) {
    /** How training examples are noised across epochs. */
    public enum EpochNoise {
        SAME,
        FRESH
    }

    public NoiseSettings(Long researchSeed, Path keyFile, EpochNoise epochNoise) {
        this(researchSeed, keyFile, epochNoise, 0);
    }

    public NoiseSettings {
        if (replicate < 0) {
            throw new IllegalArgumentException("noise replicate: expected >= 0, found " + replicate);
        }
        if (researchSeed == null && keyFile == null) {
            throw new IllegalArgumentException("a secret noise key needs a key file (or give a research seed)");
        }
        if (epochNoise == null) {
            epochNoise = EpochNoise.SAME;
        }
    }

    /** A secret key kept in {@code keyFile}; the same noise in every epoch. */
    public static NoiseSettings secret(Path keyFile) {
        return new NoiseSettings(null, keyFile, EpochNoise.SAME);
    }

    /** A public research seed: anyone can regenerate the noise. */
    public static NoiseSettings research(long seed) {
        return new NoiseSettings(seed, null, EpochNoise.SAME);
    }

    public NoiseSettings withEpochNoise(EpochNoise mode) {
        return new NoiseSettings(researchSeed, keyFile, mode, replicate);
    }

    /** The same key source for an experiment run of seed {@code index} (0: the key itself). */
    public NoiseSettings withReplicate(int index) {
        return new NoiseSettings(researchSeed, keyFile, epochNoise, index);
    }

    public boolean isResearch() {
        return researchSeed != null;
    }

    /** The key: the research seed's, or the key file's (created with a fresh SecureRandom key when absent). */
    public NoiseKey key() {
        return (researchSeed != null ? NoiseKey.researchSeed(researchSeed) : NoiseKeyFile.readOrCreate(keyFile))
                .replicate(replicate);
    }

    /** The key of a run being resumed: its key file must exist (a new key would re-noise texts the cloud holds). */
    public NoiseKey existingKey() {
        return (researchSeed != null ? NoiseKey.researchSeed(researchSeed) : NoiseKeyFile.read(keyFile))
                .replicate(replicate);
    }

    /** What a checkpoint or session record keeps of the noise: the research seed or the key's fingerprint (never the key), and the epoch rule. */
    public String identity(NoiseKey key) {
        return (researchSeed != null ? "research seed " + researchSeed : "key " + key.fingerprint())
                + (replicate == 0 ? "" : ", replicate " + replicate) + ", epoch noise " + epochNoise;
    }

    /** The η a token of the training set gets over a whole run of {@code epochs}, given its per-upload η. */
    public double runEta(double uploadEta, int epochs) {
        return epochNoise == EpochNoise.FRESH ? uploadEta * epochs : uploadEta;
    }

    /** One line for summaries and reports: where the key came from (never the key), and the epoch rule. */
    public String describe(int epochs) {
        String key = researchSeed != null
                ? NoiseKey.researchSeed(researchSeed).replicate(replicate).describe()
                : "secret key (kept in " + keyFile + ")"
                        + (replicate == 0 ? "" : ", replicate " + replicate + " (HKDF-derived)");
        String rule = epochNoise == EpochNoise.SAME
                ? "each example's upload is identical in every epoch (one release: its eta over the run is its per-upload eta)"
                : "fresh noise in each of " + epochs + " epochs (" + epochs + " releases: eta composes to " + epochs
                        + " x the per-upload eta)";
        return "noise: " + key + "; " + rule;
    }
}
