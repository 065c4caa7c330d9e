package io.privtune.split.experiment;

import java.util.Map;

/**
 * One finished cell as stored in cells/ID.json and in results.json: the full mechanism parameters, the
 * fine-tuned accuracy, and each attack's metrics (see {@link AttackSuite} for their names). {@code noise} says
 * where the device's noise key came from (never the key); null in cells stored before the noise key existed.
 */
public record CellResult(
        String id,
        String mechanism,
        Map<String, String> overrides,
        Map<String, String> parameters,
        long seed,
        double accuracy,
        double medianEffectiveEta,
        String privacyStatement,
        double fineTuneSeconds,
        double attackSeconds,
        Map<String, Double> metrics,
        String identity,
        String noise) {
    public double metric(String name) {
        Double value = metrics.get(name);
        return value == null ? Double.NaN : value;
    }

    /** The series a cell belongs to in plots: its mechanism and the overrides other than the noise scale. */
    public String series() {
        java.util.TreeMap<String, String> rest = new java.util.TreeMap<>(overrides);
        rest.remove("eta");
        rest.remove("sigma");
        return rest.isEmpty() ? mechanism : mechanism + " " + rest;
    }

    public double eta() {
        String eta = parameters.get("eta");
        return mechanism.equals("none") || eta == null ? Double.POSITIVE_INFINITY : Double.parseDouble(eta);
    }
}
