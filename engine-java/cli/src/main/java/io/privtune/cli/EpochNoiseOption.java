package io.privtune.cli;

import io.privtune.split.train.NoiseSettings;
import java.util.Locale;

/** {@code --epoch-noise same|fresh}, read with a clear refusal of anything else. */
final class EpochNoiseOption {
    private EpochNoiseOption() {}

    static NoiseSettings.EpochNoise parse(String text) {
        try {
            return NoiseSettings.EpochNoise.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--epoch-noise must be same or fresh, found '" + text + "'");
        }
    }
}
