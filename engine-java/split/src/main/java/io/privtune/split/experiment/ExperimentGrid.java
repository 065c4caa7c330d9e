package io.privtune.split.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The standard grid (issue 4): {@code none}; every swept mechanism at every η; the PrivTune ablations and
 * the Gaussian baseline at one η; then any extra cells. Parameters given for PrivTune apply to all of its
 * variants. The Gaussian baseline gets the same expected noise norm as dχ at its η: σ·√d = d/η.
 */
public final class ExperimentGrid {
    public static final List<String> SWEPT = List.of("dchi", "sap-cti", "privtune");
    public static final List<String> ABLATIONS = List.of("privtune-no-shift", "privtune-no-importance", "gaussian");

    private ExperimentGrid() {}

    public static List<CellSpec> standard(
            List<Double> etas,
            List<String> swept,
            List<String> ablations,
            double ablationEta,
            Map<String, String> privtuneParameters,
            List<CellSpec> extra,
            int dim) {
        if (etas.isEmpty() && !swept.isEmpty()) {
            throw new IllegalArgumentException("experiment grid: no eta values to sweep");
        }
        LinkedHashSet<CellSpec> cells = new LinkedHashSet<>();
        cells.add(new CellSpec("none", Map.of()));
        for (String name : swept) {
            for (double eta : etas) {
                cells.add(cell(name, eta, privtuneParameters, dim));
            }
        }
        for (String name : ablations) {
            cells.add(cell(name, ablationEta, privtuneParameters, dim));
        }
        cells.addAll(extra);
        return new ArrayList<>(cells);
    }

    static CellSpec cell(String name, double eta, Map<String, String> privtuneParameters, int dim) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("eta", number(eta));
        if (io.privtune.core.mechanism.MechanismKind.of(name).isPrivTune()) {
            p.putAll(privtuneParameters);
        }
        if (name.equals("gaussian")) {
            p.put("sigma", String.format(Locale.ROOT, "%.4f", Math.sqrt(dim) / eta));
        }
        return new CellSpec(name, p);
    }

    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
