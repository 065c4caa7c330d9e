package io.privtune.split.experiment;

import io.privtune.core.io.ReplacedFile;
import io.privtune.split.stats.Estimate;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One PNG per attack: fine-tuned accuracy against the attack's success, one line per mechanism through
 * its cells in η order. Up and to the left is better (more utility, less leakage). Given the cells' statistics,
 * each point is the mean over the cell's seeds with its 95 % intervals as error bars, vertical for accuracy and
 * horizontal for the attack, in the series' colour.
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
        {
            "attribute-mlp-device.adaptive.gender",
            "frontier-attribute-mlp-device-gender.png",
            "attribute-mlp per device (adaptive) gender accuracy (%)"
        },
        {
            "attribute-mlp-device.adaptive.age",
            "frontier-attribute-mlp-device-age.png",
            "attribute-mlp per device (adaptive) age accuracy (%)"
        },
    };

    private FrontierPlots() {}

    /** The narrowest plot; a longer title widens it rather than being cut at both ends. */
    static final int MIN_WIDTH = 900;
    /** Room for the legend outside the plot's right edge ("privtune {kappa=0.7}" and its marker) and the axis. */
    private static final int LEGEND_MARGIN = 200;

    /**
     * Writes the plots of the cells' means, with error bars where there are intervals; returns their file names.
     *
     * @param model      the model and split, e.g. "all-minilm-l6-v2, m = 2"
     * @param evaluation the evaluation data, e.g. "sst2 dev.tsv"
     * @param utility    the utility's name, e.g. "accuracy"
     */
    static List<String> withIntervals(
            List<CellStatistics> statistics, Path folder, String model, String evaluation, String utility)
            throws IOException {
        return write(
                CellStatistics.means(statistics),
                folder,
                model,
                evaluation,
                utility,
                CellStatistics.byCell(statistics));
    }

    /** Writes the plots into {@code folder}; returns their file names. */
    private static List<String> write(
            List<CellResult> cells,
            Path folder,
            String model,
            String evaluation,
            String utility,
            Map<String, CellStatistics> byId)
            throws IOException {
        List<String> files = new ArrayList<>();
        Set<String> mechanisms = new LinkedHashSet<>();
        cells.forEach(c -> mechanisms.add(c.series()));
        for (String[] attack : ATTACKS) {
            if (cells.stream().allMatch(c -> Double.isNaN(StrongestAttacker.metric(c, attack[0])))) {
                continue;
            }
            String title = attack[2].replace(" (%)", "") + " vs fine-tuned " + utility + ": " + evaluation + " ("
                    + model + ")";
            XYChart chart = new XYChartBuilder()
                    .width(width(title))
                    .height(560)
                    .title(title)
                    .xAxisTitle(attack[2] + "   (left = more private)")
                    .yAxisTitle(utility + " after private fine-tuning (%)")
                    .build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setMarkerSize(8);
            chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
            int index = 0;
            for (String mechanism : mechanisms) {
                List<CellResult> series = cells.stream()
                        .filter(c ->
                                c.series().equals(mechanism) && !Double.isNaN(StrongestAttacker.metric(c, attack[0])))
                        .sorted(Comparator.comparingDouble(CellResult::eta))
                        .toList();
                if (series.isEmpty()) {
                    continue;
                }
                Color[] palette = chart.getStyler().getSeriesColors();
                Color color = palette[index++ % palette.length];
                XYSeries line = chart.addSeries(
                        mechanism,
                        series.stream()
                                .map(c -> 100 * StrongestAttacker.metric(c, attack[0]))
                                .toList(),
                        series.stream().map(c -> 100 * c.accuracy()).toList());
                line.setMarker(SeriesMarkers.CIRCLE);
                line.setLineColor(color);
                line.setMarkerColor(color);
                errorBars(chart, mechanism, series, attack[0], byId, color);
            }
            ReplacedFile.write(folder.resolve(attack[1]), temporary -> {
                try (java.io.OutputStream png = Files.newOutputStream(temporary)) {
                    BitmapEncoder.saveBitmap(chart, png, BitmapEncoder.BitmapFormat.PNG);
                }
            });
            files.add(attack[1]);
        }
        return files;
    }

    /**
     * The plot's width in pixels: {@link #MIN_WIDTH}, or the title's width in XChart's title font and a margin. XChart
     * centres the title over the plot area, left of the legend, so the margin holds the legend twice.
     */
    static int width(String title) {
        java.awt.Font font = new XYChartBuilder().build().getStyler().getChartTitleFont();
        java.awt.image.BufferedImage scratch =
                new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D graphics = scratch.createGraphics();
        try {
            return Math.max(MIN_WIDTH, graphics.getFontMetrics(font).stringWidth(title) + 2 * LEGEND_MARGIN);
        } finally {
            graphics.dispose();
        }
    }

    /** A cell's intervals as two segments through its mean, outside the legend. */
    private static void errorBars(
            XYChart chart,
            String mechanism,
            List<CellResult> series,
            String metric,
            Map<String, CellStatistics> byId,
            Color color) {
        for (CellResult c : series) {
            CellStatistics s = byId.get(c.id());
            if (s == null) {
                continue;
            }
            Estimate accuracy = s.accuracy();
            Estimate attack = s.estimate(StrongestAttacker.source(c, metric));
            double x = 100 * StrongestAttacker.metric(c, metric);
            double y = 100 * c.accuracy();
            if (accuracy.hasInterval()) {
                segment(
                        chart,
                        mechanism + " " + c.id() + " accuracy interval",
                        List.of(x, x),
                        List.of(100 * accuracy.lower(), 100 * accuracy.upper()),
                        color);
            }
            if (attack.hasInterval()) {
                segment(
                        chart,
                        mechanism + " " + c.id() + " " + metric + " interval",
                        List.of(100 * attack.lower(), 100 * attack.upper()),
                        List.of(y, y),
                        color);
            }
        }
    }

    private static void segment(XYChart chart, String name, List<Double> x, List<Double> y, Color color) {
        XYSeries bar = chart.addSeries(name, x, y);
        bar.setMarker(SeriesMarkers.NONE);
        bar.setLineColor(color);
        bar.setShowInLegend(false);
    }
}
