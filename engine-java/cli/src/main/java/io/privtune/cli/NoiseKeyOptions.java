package io.privtune.cli;

import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.NoiseKeyFile;
import io.privtune.split.train.NoiseSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --noise-key} and {@code --noise-seed}: where a command's noise key comes from (docs/DESIGN.md §3.9). */
final class NoiseKeyOptions {
    @Option(
            names = "--noise-key",
            paramLabel = "FILE",
            description = "the secret noise key file (owner-only; created with a fresh SecureRandom key when absent)")
    Path keyFile;

    @Option(
            names = "--noise-seed",
            paramLabel = "N",
            description =
                    "research seed: reproducible noise that ANYONE can regenerate (reports say 'research seed, not secret')")
    Long researchSeed;

    /** For runs that must resume: the research seed, or the key file (default {@code defaultFile}). */
    NoiseSettings settings(Path defaultFile, NoiseSettings.EpochNoise epochNoise) {
        check();
        NoiseSettings base = researchSeed != null
                ? NoiseSettings.research(researchSeed)
                : NoiseSettings.secret(keyFile != null ? keyFile : defaultFile);
        return base.withEpochNoise(epochNoise);
    }

    /** For one-off runs: the research seed, the key file, or else a fresh secret key that is never stored. */
    NoiseKey key() {
        check();
        return researchSeed != null
                ? NoiseKey.researchSeed(researchSeed)
                : keyFile != null ? NoiseKeyFile.readOrCreate(keyFile) : NoiseKey.generate();
    }

    private void check() {
        if (researchSeed != null && keyFile != null) {
            throw new IllegalArgumentException(
                    "--noise-seed and --noise-key exclude each other: a research seed is public, a key file secret");
        }
    }
}
