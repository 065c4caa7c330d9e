package io.privtune.split.experiment;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One cell of the grid: a mechanism and the parameters it overrides (the rest are the defaults). */
public record CellSpec(String mechanism, Map<String, String> parameters) {
    public CellSpec {
        io.privtune.core.mechanism.MechanismKind.of(mechanism); // an unknown name is refused
        parameters = Map.copyOf(new TreeMap<>(parameters));
    }

    /**
     * Parses {@code NAME} or {@code NAME:key=value,key=value}, e.g. {@code privtune:eta=100,kappa=0.6}.
     */
    public static CellSpec parse(String text) {
        int colon = text.indexOf(':');
        String name = (colon < 0 ? text : text.substring(0, colon)).trim();
        Map<String, String> parameters = new TreeMap<>();
        if (colon >= 0 && colon + 1 < text.length()) {
            for (String pair : text.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new IllegalArgumentException("cell '" + text + "': expected key=value, found '" + pair + "'");
                }
                parameters.put(
                        pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return new CellSpec(name, parameters);
    }

    /** A file-name-safe, stable name: mechanism then the sorted overrides, e.g. {@code privtune_eta-100_kappa-0.6}. */
    public String id() {
        String suffix = new TreeMap<>(parameters)
                .entrySet().stream().map(e -> e.getKey() + "-" + e.getValue()).collect(Collectors.joining("_"));
        String raw = suffix.isEmpty() ? mechanism : mechanism + "_" + suffix;
        return raw.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    @Override
    public String toString() {
        return parameters.isEmpty()
                ? mechanism
                : mechanism + ":"
                        + new TreeMap<>(parameters)
                                .entrySet().stream()
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .collect(Collectors.joining(","));
    }
}
