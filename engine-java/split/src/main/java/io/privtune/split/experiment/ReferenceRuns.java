package io.privtune.split.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privtune.split.internal.store.JsonFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A grid's reference runs ({@code none}) taken from an earlier experiment instead of computed again
 * ({@code --reference}): a grid that adds cells beside a finished one needs that one's victims as its reference, not a
 * second fine-tuning of them. The earlier experiment must have the same settings identity (model, split, budget, seed,
 * attackers) and the same seeds: the attacker's text leaves out every seed's training sample, so another seed count
 * means other attacker text and other readings of the same victims. The runs are written to cells/ unchanged, as if
 * computed here, so shards and {@code --report-only} see them; {@value #RECORD} in the results folder says where they
 * came from, for the report. The source is the earlier results folder (its cells/, with the per-example outcomes the
 * intervals need) or its results.json (kept without outcomes: the intervals against those runs are over seeds only).
 */
public final class ReferenceRuns {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceRuns.class);
    /** The results folder's record of the runs taken and their source. */
    static final String RECORD = "reference.json";

    private ReferenceRuns() {}

    /**
     * One taking of reference runs ({@value #RECORD} holds them all): the source, and each run taken with the
     * fingerprint of the result copied, so a run computed again later is no longer reported as taken.
     */
    public record Taken(String source, Map<String, String> runs, boolean withOutcomes) {}

    /**
     * Writes the reference's {@code none} runs that {@code s} lacks into its cells/ (all or none of them; runs already
     * there, or claimed by a process that may still compute them, are left alone); returns the run ids taken.
     */
    public static List<String> adopt(ExperimentSettings s, Path reference) {
        for (CellSpec run : s.runs()) {
            ExperimentRunner.stored(s, run); // a results folder of other settings is refused before anything is written
        }
        List<CellSpec> ours =
                s.runs().stream().filter(run -> run.mechanism().equals("none")).toList();
        List<CellSpec> wanted = ours.stream()
                .filter(run -> !Files.isRegularFile(ExperimentRunner.cellFile(s, run)) && !claimHeld(s.out(), run))
                .toList();
        Source source = Source.of(reference); // checked even when nothing is wanted: a wrong reference is named
        Map<String, Earlier> theirs = source.noneRuns();
        List<String> ourIds = ours.stream().map(CellSpec::id).toList();
        if (!theirs.keySet().equals(new java.util.TreeSet<>(ourIds))) {
            throw new IllegalArgumentException("--reference " + source.location() + ": its `none` runs are "
                    + theirs.keySet() + ", this grid's " + ourIds + "; it must have run the same seeds, and finished "
                    + "them (the attacker's text leaves out every seed's training sample, so other seeds mean other "
                    + "attacker text)");
        }
        if (wanted.isEmpty()) {
            return List.of();
        }
        for (CellSpec run : wanted) { // every run checked before any is written
            Earlier earlier = theirs.get(run.id());
            if (!s.identity().equals(earlier.result().identity())) {
                throw new IllegalArgumentException("--reference " + earlier.file() + ": its " + run.id()
                        + " was computed with other settings ("
                        + earlier.result().identity() + "; this grid's: "
                        + s.identity() + "), so it is no reference for this grid"
                        + AttackSettings.oneReleaseHint(
                                s.identity(), earlier.result().identity()));
            }
        }
        Map<String, String> taken = new java.util.LinkedHashMap<>();
        for (CellSpec run : wanted) {
            CellResult earlier = theirs.get(run.id()).result();
            ExperimentRunner.write(earlier, ExperimentRunner.cellFile(s, run));
            taken.put(run.id(), fingerprint(earlier));
        }
        List<Taken> record = new ArrayList<>(recorded(s.out()));
        record.add(new Taken(source.location().toAbsolutePath().normalize().toString(), taken, source.withOutcomes()));
        JsonFile.write(s.out().resolve(RECORD), record);
        LOG.info("reference runs " + taken + " taken from " + source.location()
                + (source.withOutcomes()
                        ? ""
                        : " (no per-example outcomes: intervals against them are over seeds only)"));
        return List.copyOf(taken.keySet());
    }

    /** Every taking of reference runs this results folder recorded, oldest first (none: empty). */
    static List<Taken> recorded(Path out) {
        Path file = out.resolve(RECORD);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return List.of(new ObjectMapper().readValue(file.toFile(), Taken[].class));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    file + ": unreadable record of the reference runs (" + e.getMessage() + ")");
        }
    }

    /**
     * The takings whose runs are still the copies stored in {@code s}'s cells/, oldest first, each with only those
     * runs (a run computed again since is left out, and a taking left with none).
     */
    public static List<Taken> standing(ExperimentSettings s) {
        List<Taken> standing = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>(); // a run taken twice counts under its last taking
        for (Taken t : recorded(s.out()).reversed()) {
            Map<String, String> runs = new java.util.LinkedHashMap<>();
            for (CellSpec run : s.runs()) {
                String print = t.runs().get(run.id());
                CellResult stored = print == null || seen.contains(run.id()) ? null : ExperimentRunner.stored(s, run);
                if (stored != null && print.equals(fingerprint(stored))) {
                    runs.put(run.id(), print);
                    seen.add(run.id());
                }
            }
            if (!runs.isEmpty()) {
                standing.add(new Taken(t.source(), runs, t.withOutcomes()));
            }
        }
        return standing.reversed();
    }

    /** What tells a copied result from one computed again: its accuracy and its seconds, to the last digit. */
    static String fingerprint(CellResult r) {
        return r.accuracy() + "/" + r.fineTuneSeconds() + "/" + r.attackSeconds();
    }

    /** Whether a process that may still be running (here or on another machine) holds the run's claim. */
    private static boolean claimHeld(Path out, CellSpec run) {
        Path claim = CellClaims.file(out, run);
        return Files.isRegularFile(claim)
                && !CellClaims.owner(claim).map(ClaimOwner::knownDead).orElse(false);
    }

    private record Earlier(CellResult result, Path file) {}

    /** Where the earlier runs are read: a results folder's cells/ or a results.json. */
    private record Source(Path location, boolean withOutcomes) {
        static Source of(Path reference) {
            if (Files.isDirectory(reference.resolve("cells"))) {
                return new Source(reference.resolve("cells"), true);
            }
            Path json = Files.isDirectory(reference) ? reference.resolve("results.json") : reference;
            if (!Files.isRegularFile(json)) {
                throw new IllegalArgumentException("--reference " + reference
                        + ": expected an experiment's results folder (with cells/) or its results.json, found neither");
            }
            return new Source(json, false);
        }

        /** The earlier experiment's {@code none} runs by run id. */
        Map<String, Earlier> noneRuns() {
            ObjectMapper mapper = new ObjectMapper();
            Map<String, Earlier> byId = new TreeMap<>();
            if (withOutcomes) {
                try (var files = Files.list(location)) {
                    for (Path f : files.sorted().toList()) {
                        String name = f.getFileName().toString();
                        if (name.equals("none.json") || name.startsWith("none_seed-") && name.endsWith(".json")) {
                            put(byId, read(mapper, f), f);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalArgumentException(
                            "--reference " + location + ": cannot list it (" + e.getMessage() + ")");
                }
                return byId;
            }
            JsonNode cells;
            try {
                cells = mapper.readTree(location.toFile()).get("cells");
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "--reference " + location + ": unreadable experiment results (" + e.getMessage() + ")");
            }
            if (cells == null || !cells.isArray()) {
                throw new IllegalArgumentException(
                        "--reference " + location + ": not an experiment's results.json (expected a \"cells\" array)");
            }
            for (JsonNode cell : cells) {
                try {
                    put(byId, mapper.treeToValue(cell, CellResult.class), location);
                } catch (IOException e) {
                    throw new IllegalArgumentException("--reference " + location + ": unreadable cell "
                            + cell.path("id").asText("?") + " (" + e.getMessage() + ")");
                }
            }
            return byId;
        }

        private static CellResult read(ObjectMapper mapper, Path file) {
            try {
                return mapper.readValue(file.toFile(), CellResult.class);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "--reference " + file + ": unreadable cell result (" + e.getMessage() + ")");
            }
        }

        private static void put(Map<String, Earlier> byId, CellResult r, Path file) {
            if ("none".equals(r.mechanism())) {
                byId.put(r.id(), new Earlier(r, file));
            }
        }
    }
}
