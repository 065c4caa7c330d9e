package io.privtune.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --eta} and {@code -P key=value}: the mechanism parameter overrides of every command that runs one mechanism. */
final class MechanismParameterOptions {
    @Option(names = "--eta", description = "dchi privacy parameter eta (shortcut for -P eta=...)")
    Double eta;

    @Option(
            names = {"-P", "--param"},
            description = "any mechanism parameter, e.g. -P kappa=0.7 -P target=centroid -P importance=cti")
    Map<String, String> parameters = new LinkedHashMap<>();

    /** The overrides, {@code --eta} included. */
    Map<String, String> overrides() {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        if (eta != null) {
            all.put("eta", Double.toString(eta));
        }
        return all;
    }
}
