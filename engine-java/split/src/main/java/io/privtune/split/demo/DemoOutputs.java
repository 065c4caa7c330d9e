package io.privtune.split.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the demo's report.json, a plain-text table, and two PNG plots a reader can take in at a glance. */
public final class DemoOutputs {
    private DemoOutputs() {}

    public static void write(DemoReport report, Path folder) {
        try {
            Files.createDirectories(folder);
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(folder.resolve("report.json").toFile(), report);
            Files.writeString(folder.resolve("table.txt"), table(report));
            BitmapEncoder.saveBitmap(
                    asrAgainstEta(report),
                    folder.resolve("knn-asr-vs-eta.png").toString(),
                    BitmapEncoder.BitmapFormat.PNG);
            BitmapEncoder.saveBitmap(
                    asrAgainstCosine(report),
                    folder.resolve("knn-asr-vs-cosine.png").toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo results to " + folder + ": " + e.getMessage(), e);
        }
    }

    public static String table(DemoReport report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%-24s %8s %10s %18s %10s %10s %12s%n",
                "mechanism",
                "eta",
                "knn top-1",
                "(cos / L2 / Mhl)",
                "knn top-5",
                "cos(h~,h)",
                "median eta_i"));
        for (DemoCell c : report.cells()) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-24s %8s %9.1f%% %4.0f / %-4.0f / %-4s %9.1f%% %10.3f %12s%n",
                    c.mechanism(),
                    Double.isInfinite(c.eta()) ? "-" : TokenPrivacyDemo.trim(c.eta()),
                    100 * c.knnTop1(),
                    100 * c.knnTop1Cosine(),
                    100 * c.knnTop1L2(),
                    Double.isNaN(c.knnTop1Mahalanobis())
                            ? "-"
                            : String.format(Locale.ROOT, "%.0f", 100 * c.knnTop1Mahalanobis()),
                    100 * c.knnTop5(),
                    c.meanCosine(),
                    Double.isNaN(c.medianEffectiveEta())
                            ? "-"
                            : String.format(Locale.ROOT, "%.1f", c.medianEffectiveEta())));
        }
        return out.toString();
    }

    private static XYChart asrAgainstEta(DemoReport report) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(560)
                .title("knn inversion on SST-2 dev, " + report.model() + ", m = " + report.splitPoint())
                .xAxisTitle("eta (dchi privacy parameter, log scale; larger = less noise)")
                .yAxisTitle("knn top-1 ASR (%)")
                .build();
        style(chart);
        chart.getStyler().setXAxisLogarithmic(true);
        for (String mechanism : TokenPrivacyDemo.SWEPT) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (DemoCell c : report.cells()) {
                if (c.mechanism().equals(mechanism)) {
                    x.add(c.eta());
                    y.add(100 * c.knnTop1());
                }
            }
            chart.addSeries(mechanism, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        report.cells().stream()
                .filter(c -> c.mechanism().equals("none"))
                .findFirst()
                .ifPresent(none -> {
                    List<Double> etas = report.cells().stream()
                            .filter(c -> Double.isFinite(c.eta()))
                            .map(DemoCell::eta)
                            .distinct()
                            .sorted()
                            .toList();
                    chart.addSeries(
                                    "none",
                                    etas,
                                    etas.stream().map(e -> 100 * none.knnTop1()).toList())
                            .setMarker(SeriesMarkers.NONE);
                });
        return chart;
    }

    private static XYChart asrAgainstCosine(DemoReport report) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(560)
                .title("privacy vs semantic preservation (lower right is better)")
                .xAxisTitle("mean cos(h~, h) over tokens")
                .yAxisTitle("knn top-1 ASR (%)")
                .build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (String mechanism : TokenPrivacyDemo.SWEPT) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (DemoCell c : report.cells()) {
                if (c.mechanism().equals(mechanism)) {
                    x.add(c.meanCosine());
                    y.add(100 * c.knnTop1());
                }
            }
            chart.addSeries(mechanism, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    }
}
