package io.privtune.split.experiment;

import java.util.Map;

/**
 * One finished cell as stored in cells/ID.json and in results.json: the full mechanism parameters, the
 * fine-tuned accuracy, and each attack's metrics (see {@link AttackSuite} for their names). {@code noise} says
 * where the device's noise key came from (never the key); null in cells stored before the noise key existed.
 * In a grid with several seeds this is one run of a cell (cells/ID_seed-K.json, {@code seed} K) and {@code cell}
 * is the grid cell's id; {@code outcomes} holds per-example 0/1 outcomes ({@link
 * io.privtune.split.stats.Outcomes}) by metric name, {@code accuracy} for the dev sentences, for the report's
 * intervals. Both are null in cells stored before they were kept, which stay readable.
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
        String noise,
        String cell,
        Map<String, String> outcomes) {
    /** The per-example outcomes name the dev accuracy by this key. */
    public static final String ACCURACY = "accuracy";

    /** A cell result without per-example outcomes (one seed). */
    public CellResult(
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
        this(
                id,
                mechanism,
                overrides,
                parameters,
                seed,
                accuracy,
                medianEffectiveEta,
                privacyStatement,
                fineTuneSeconds,
                attackSeconds,
                metrics,
                identity,
                noise,
                null,
                null);
    }

    /** The grid cell this result belongs to: {@code cell}, or the id in results stored before seeds. */
    public String cellId() {
        return cell == null ? id : cell;
    }

    /** This result without its per-example outcomes (for results.json, which would grow by megabytes). */
    public CellResult withoutOutcomes() {
        return new CellResult(
                id,
                mechanism,
                overrides,
                parameters,
                seed,
                accuracy,
                medianEffectiveEta,
                privacyStatement,
                fineTuneSeconds,
                attackSeconds,
                metrics,
                identity,
                noise,
                cell,
                null);
    }

    /** The per-example outcomes of {@code name} ({@link #ACCURACY} or a metric), or null when not kept. */
    public String outcomes(String name) {
        return outcomes == null ? null : outcomes.get(name);
    }

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
