package io.privtune.split.experiment;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One cell of the grid: a mechanism and the parameters it overrides (the rest are the defaults). In a grid run
 * with several seeds, each run of a cell is a CellSpec of its own with {@code seed} set (its id ends in
 * {@code _seed-K}), so that results, claims and shards work per run; {@code seed} is null in a one-seed grid.
 */
public record CellSpec(String mechanism, Map<String, String> parameters, Long seed) {
    public CellSpec(String mechanism, Map<String, String> parameters) {
        this(mechanism, parameters, null);
    }

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

    /** This cell's run under {@code seed} (a grid with several seeds). */
    /**
     * The mechanism parameters in effect (the defaults with this cell's overrides), as the upload nonces name them;
     * "" for {@code none}, which reads none. A stored result or cell folder of other effective parameters (a default
     * changed since) is never reused for this cell.
     */
    public String effectiveParameters() {
        return mechanism.equals("none") ? "" : effective(parameters);
    }

    /** The mechanism parameters this cell runs with: the defaults with its overrides. */
    public io.privtune.core.mechanism.MechanismParameters inEffect() {
        return inEffect(parameters);
    }

    /** {@link #effectiveParameters} of a cell stored with these parameters (in effect then, or overrides). */
    static String effective(Map<String, String> parameters) {
        return inEffect(parameters).identityMap().toString();
    }

    private static io.privtune.core.mechanism.MechanismParameters inEffect(Map<String, String> parameters) {
        return io.privtune.core.mechanism.MechanismParameters.defaults().with(parameters);
    }

    public CellSpec withSeed(long seed) {
        return new CellSpec(mechanism, parameters, seed);
    }

    /** The grid cell this run belongs to (itself in a one-seed grid). */
    public CellSpec base() {
        return seed == null ? this : new CellSpec(mechanism, parameters);
    }

    /**
     * A file-name-safe, stable name: mechanism then the sorted overrides, e.g. {@code privtune_eta-100_kappa-0.6};
     * a seeded run's ends in {@code _seed-K}.
     */
    public String id() {
        return seed == null ? baseId() : baseId() + "_seed-" + seed;
    }

    private String baseId() {
        String suffix = new TreeMap<>(parameters)
                .entrySet().stream().map(e -> e.getKey() + "-" + e.getValue()).collect(Collectors.joining("_"));
        String raw = suffix.isEmpty() ? mechanism : mechanism + "_" + suffix;
        return raw.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    @Override
    public String toString() {
        return seed == null ? spec() : spec() + " (seed " + seed + ")";
    }

    /** {@code NAME:key=value,...}, as {@link #parse} reads it. */
    private String spec() {
        return parameters.isEmpty()
                ? mechanism
                : mechanism + ":"
                        + new TreeMap<>(parameters)
                                .entrySet().stream()
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .collect(Collectors.joining(","));
    }
}
