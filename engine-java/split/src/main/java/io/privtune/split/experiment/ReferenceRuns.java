package io.privtune.split.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A grid's reference runs ({@code none}) taken from an earlier experiment instead of computed again
 * ({@code --reference}): a grid that adds cells beside a finished one needs that one's victims as its reference, not a
 * second fine-tuning of them. A run is taken only from an experiment with the same settings identity (model, split,
 * budget, seed, attackers), else the drops would be measured against another reference; it is written to cells/ as if
 * computed here, so shards and {@code --report-only} see it, and runs already there are kept. The source is the
 * earlier results folder (its cells/, with the per-example outcomes the paired drop intervals need) or its
 * results.json (kept without outcomes: the drops against those runs get seed intervals only).
 */
public final class ReferenceRuns {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceRuns.class);

    private ReferenceRuns() {}

    /** Writes the reference's {@code none} runs that {@code s} lacks into its cells/; returns the run ids taken. */
    public static List<String> adopt(ExperimentSettings s, Path reference) {
        List<CellSpec> wanted = s.runs().stream()
                .filter(run -> run.mechanism().equals("none"))
                .filter(run -> !Files.isRegularFile(ExperimentRunner.cellFile(s, run)))
                .toList();
        if (wanted.isEmpty()) {
            return List.of();
        }
        Source source = Source.of(reference);
        Map<Long, CellResult> bySeed = source.noneRunsBySeed();
        List<String> taken = new ArrayList<>();
        for (CellSpec run : wanted) {
            CellResult earlier = bySeed.get(s.seedOf(run));
            if (earlier == null) {
                continue;
            }
            if (!s.identity().equals(earlier.identity())) {
                throw new IllegalArgumentException("--reference " + source.file() + ": its `none` run of seed "
                        + earlier.seed() + " was computed with other settings (" + earlier.identity()
                        + "; this grid's: "
                        + s.identity() + "), so it is no reference for this grid"
                        + AttackSettings.oneReleaseHint(s.identity(), earlier.identity()));
            }
            // under this grid's id for it, which differs when the seed counts differ (none / none_seed-0)
            ExperimentRunner.write(earlier.as(run.id(), run.base().id()), ExperimentRunner.cellFile(s, run));
            taken.add(run.id());
        }
        if (taken.isEmpty()) {
            throw new IllegalArgumentException("--reference " + source.file() + " holds no `none` run of seed "
                    + wanted.stream().map(r -> String.valueOf(s.seedOf(r))).collect(Collectors.joining(", "))
                    + " (its `none` seeds: " + (bySeed.isEmpty() ? "none at all" : bySeed.keySet()) + ")");
        }
        LOG.info("reference runs " + taken + " taken from " + source.file()
                + (source.withOutcomes()
                        ? ""
                        : " (no per-example outcomes: drops against them get seed intervals only)")
                + (taken.size() < wanted.size() ? "; the other `none` runs are computed here" : ""));
        return taken;
    }

    /** Where the earlier runs are read: a results folder's cells/ or a results.json. */
    private record Source(Path file, List<Path> cellFiles) {
        static Source of(Path reference) {
            if (Files.isDirectory(reference.resolve("cells"))) {
                try (var files = Files.list(reference.resolve("cells"))) {
                    return new Source(
                            reference.resolve("cells"),
                            files.filter(f -> f.getFileName().toString().startsWith("none")
                                            && f.getFileName().toString().endsWith(".json"))
                                    .sorted()
                                    .toList());
                } catch (IOException e) {
                    throw new IllegalArgumentException(
                            "--reference " + reference + ": cannot list cells/ (" + e.getMessage() + ")");
                }
            }
            Path json = Files.isDirectory(reference) ? reference.resolve("results.json") : reference;
            if (!Files.isRegularFile(json)) {
                throw new IllegalArgumentException("--reference " + reference
                        + ": expected an experiment's results folder (with cells/) or its results.json, found neither");
            }
            return new Source(json, null);
        }

        boolean withOutcomes() {
            return cellFiles != null;
        }

        Map<Long, CellResult> noneRunsBySeed() {
            ObjectMapper mapper = new ObjectMapper();
            Map<Long, CellResult> bySeed = new TreeMap<>();
            try {
                if (cellFiles != null) {
                    for (Path f : cellFiles) {
                        put(bySeed, mapper.readValue(f.toFile(), CellResult.class));
                    }
                } else {
                    JsonNode cells = mapper.readTree(file.toFile()).get("cells");
                    if (cells == null || !cells.isArray()) {
                        throw new IllegalArgumentException("--reference " + file
                                + ": not an experiment's results.json (expected a \"cells\" array)");
                    }
                    for (JsonNode cell : cells) {
                        put(bySeed, mapper.treeToValue(cell, CellResult.class));
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "--reference " + file + ": unreadable experiment results (" + e.getMessage() + ")");
            }
            return bySeed;
        }

        private static void put(Map<Long, CellResult> bySeed, CellResult r) {
            if ("none".equals(r.mechanism())) {
                bySeed.put(r.seed(), r);
            }
        }
    }
}
