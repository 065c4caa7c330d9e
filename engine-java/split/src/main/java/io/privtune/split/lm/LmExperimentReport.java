package io.privtune.split.lm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.privtune.core.io.ReplacedFile;
import io.privtune.split.stats.Estimate;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** An LM experiment's report: report.md (tables per split point, samples), summary.json, and the frontier plot. */
public final class LmExperimentReport {
    private LmExperimentReport() {}

    /** Cells in the order first run, one summary per (split point, cell). */
    public static List<LmCellSummary> summarise(List<LmCellRun> runs) {
        Map<String, List<LmCellRun>> byCell = new LinkedHashMap<>();
        for (LmCellRun r : runs) {
            byCell.computeIfAbsent(r.splitPoint() + "|" + r.cell().id(), k -> new ArrayList<>())
                    .add(r);
        }
        return byCell.values().stream().map(LmCellSummary::of).toList();
    }

    /** @param pretrained each evaluation window's mean loss before fine-tuning (the reference row) */
    public static void write(Path folder, String header, double[] pretrained, List<LmCellRun> runs) throws IOException {
        Files.createDirectories(folder);
        List<LmCellSummary> summaries = summarise(runs);
        StringBuilder md = new StringBuilder(header).append("\n\n");
        Estimate reference = LmCellSummary.perplexity(List.of(pretrained));
        md.append("Pretrained model, no fine-tuning, no noise: perplexity ")
                .append(reference.plain())
                .append(" on the same evaluation windows.\n\n");
        for (int m :
                summaries.stream().map(LmCellSummary::splitPoint).distinct().toList()) {
            md.append("## m = ").append(m).append("\n\n");
            md.append("| cell | seeds | perplexity (eval) | knn top-1 | inversion naive | inversion adaptive |"
                    + " optimisation | strongest upload attacker | gradient → next token | s/run |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (LmCellSummary s : summaries) {
                if (s.splitPoint() != m) {
                    continue;
                }
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %s | %s | %s | %s | %s | %s %s | %s | %.0f |%n",
                        s.cell().id(),
                        s.seeds(),
                        s.perplexity().plain(),
                        s.knn().percent(),
                        s.naive().percent(),
                        s.adaptive().percent(),
                        s.optimisation().percent(),
                        s.strongestName(),
                        s.strongest().percent(),
                        s.gradient().percent(),
                        s.seconds()));
            }
            md.append('\n');
        }
        md.append("## Samples (seed 0)\n\n");
        for (LmCellRun r : runs) {
            if (r.seed() != 0) {
                continue;
            }
            md.append("### m = ")
                    .append(r.splitPoint())
                    .append(", ")
                    .append(r.cell().id())
                    .append("\n\n");
            r.samples()
                    .forEach((prompt, text) -> md.append("- **")
                            .append(prompt.substring(0, prompt.indexOf(':')))
                            .append("**: ")
                            .append(text.replace("\n", " "))
                            .append('\n'));
            md.append('\n');
        }
        ReplacedFile.write(folder.resolve("report.md"), md.toString().getBytes(StandardCharsets.UTF_8));
        ReplacedFile.write(folder.resolve("summary.json"), json(summaries, runs));
        plot(summaries, folder.resolve("lm-frontier.png"));
    }

    private static byte[] json(List<LmCellSummary> summaries, List<LmCellRun> runs) throws IOException {
        List<Map<String, Object>> cells = new ArrayList<>();
        for (LmCellSummary s : summaries) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("m", s.splitPoint());
            c.put("cell", s.cell().id());
            c.put("seeds", s.seeds());
            c.put("perplexity", s.perplexity());
            c.put("knn.top1", s.knn());
            c.put("inversion.naive.top1", s.naive());
            c.put("inversion.adaptive.top1", s.adaptive());
            c.put("optimisation.top1", s.optimisation());
            c.put("gradient.top1", s.gradient());
            c.put("strongest", s.strongestName());
            c.put("secondsPerRun", s.seconds());
            cells.add(c);
        }
        List<Map<String, Object>> perRun = new ArrayList<>();
        for (LmCellRun r : runs) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("m", r.splitPoint());
            c.put("cell", r.cell().id());
            c.put("seed", r.seed());
            c.put("perplexity", r.perplexity());
            c.put("epochLoss", r.epochLoss());
            c.put("knn.top1", LmCellRun.rate(r.knn()));
            c.put("inversion.naive.top1", LmCellRun.rate(r.naive()));
            c.put("inversion.adaptive.top1", LmCellRun.rate(r.adaptive()));
            c.put("optimisation.top1", LmCellRun.rate(r.optimisation()));
            c.put("gradient.top1", LmCellRun.rate(r.gradient()));
            c.put("top5", r.top5());
            c.put("seconds", r.seconds());
            c.put("samples", r.samples());
            perRun.add(c);
        }
        return new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(Map.of("cells", cells, "runs", perRun));
    }

    /** Perplexity against the strongest upload attacker's top-1, one line per (m, mechanism) in the cells' order. */
    private static void plot(List<LmCellSummary> summaries, Path png) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(560)
                .title("generation: privacy-utility (strongest attacker on the uploads)")
                .xAxisTitle("strongest upload attacker's top-1 token recovery (%)   (left = more private)")
                .yAxisTitle("held-out perplexity after private fine-tuning   (lower = better)")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        Map<String, List<LmCellSummary>> series = new LinkedHashMap<>();
        for (LmCellSummary s : summaries) {
            series.computeIfAbsent("m=" + s.splitPoint() + " " + s.cell().mechanism(), k -> new ArrayList<>())
                    .add(s);
        }
        for (Map.Entry<String, List<LmCellSummary>> e : series.entrySet()) {
            XYSeries line = chart.addSeries(
                    e.getKey(),
                    e.getValue().stream().map(s -> 100 * s.strongest().mean()).toList(),
                    e.getValue().stream().map(s -> s.perplexity().mean()).toList());
            line.setMarker(SeriesMarkers.CIRCLE);
        }
        ReplacedFile.write(png, temporary -> {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }
}
