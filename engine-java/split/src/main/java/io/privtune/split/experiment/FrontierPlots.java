package io.privtune.split.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One PNG per attack: fine-tuned accuracy against the attack's success, one line per mechanism through
 * its cells in η order. Up and to the left is better (more utility, less leakage).
 */
final class FrontierPlots {
    /** metric key, file name, axis title */
    private static final String[][] ATTACKS = {
        {"knn.top1", "frontier-knn.png", "knn top-1 ASR (%)"},
        {"inversion.naive.top1", "frontier-inversion-naive.png", "inversion-model (naive) top-1 ASR (%)"},
        {"inversion.adaptive.top1", "frontier-inversion-adaptive.png", "inversion-model (adaptive) top-1 ASR (%)"},
        {"optimisation.top1", "frontier-optimisation.png", "optimisation attack top-1 ASR (%)"},
        {"contextual.naive.top1", "frontier-contextual-naive.png", "contextual inversion (naive) top-1 ASR (%)"},
        {"contextual.adaptive.top1", "frontier-contextual-adaptive.png", "contextual inversion (adaptive) top-1 ASR (%)"
        },
        {StrongestAttacker.METRIC, "frontier-strongest.png", "strongest token attacker's top-1 ASR (%)"},
        {
            "attribute-mlp.adaptive.gender",
            "frontier-attribute-mlp-gender.png",
            "attribute-mlp (adaptive) gender accuracy (%)"
        },
        {"attribute-mlp.adaptive.age", "frontier-attribute-mlp-age.png", "attribute-mlp (adaptive) age accuracy (%)"},
        {
            "attribute-bow.adaptive.gender",
            "frontier-attribute-bow-gender.png",
            "attribute-bow (adaptive) gender accuracy (%)"
        },
        {"keyword-mlc.adaptive.f1", "frontier-keyword-mlc.png", "keyword-mlc (adaptive) micro-F1 (%)"},
    };

    private FrontierPlots() {}

    /** Writes the plots into {@code folder}; returns their file names. */
    static List<String> write(List<CellResult> cells, Path folder, String subtitle) throws IOException {
        List<String> files = new ArrayList<>();
        Set<String> mechanisms = new LinkedHashSet<>();
        cells.forEach(c -> mechanisms.add(c.series()));
        for (String[] attack : ATTACKS) {
            if (cells.stream().allMatch(c -> Double.isNaN(StrongestAttacker.metric(c, attack[0])))) {
                continue;
            }
            XYChart chart = new XYChartBuilder()
                    .width(900)
                    .height(560)
                    .title("privacy-utility frontier: " + attack[2].replace(" (%)", "") + " (" + subtitle + ")")
                    .xAxisTitle(attack[2] + "   (left = more private)")
                    .yAxisTitle("SST-2 dev accuracy after private fine-tuning (%)")
                    .build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setMarkerSize(8);
            chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
            for (String mechanism : mechanisms) {
                List<CellResult> series = cells.stream()
                        .filter(c ->
                                c.series().equals(mechanism) && !Double.isNaN(StrongestAttacker.metric(c, attack[0])))
                        .sorted(Comparator.comparingDouble(CellResult::eta))
                        .toList();
                if (series.isEmpty()) {
                    continue;
                }
                chart.addSeries(
                                mechanism,
                                series.stream()
                                        .map(c -> 100 * StrongestAttacker.metric(c, attack[0]))
                                        .toList(),
                                series.stream().map(c -> 100 * c.accuracy()).toList())
                        .setMarker(SeriesMarkers.CIRCLE);
            }
            BitmapEncoder.saveBitmap(chart, folder.resolve(attack[1]).toString(), BitmapEncoder.BitmapFormat.PNG);
            files.add(attack[1]);
        }
        return files;
    }
}
