package io.privtune.split.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The join of a grid: every cell's stored result, whichever process computed it ({@code --report-only}).
 * A grid with cells missing is refused, each missing cell named with its claim (who holds it, whether that
 * owner is known dead), unless a partial report is asked for.
 */
public final class StoredCells {
    private StoredCells() {}

    /** The stored results in grid order; with {@code partial}, the cells that have one (at least one). */
    public static List<CellResult> join(ExperimentSettings s, boolean partial) {
        List<CellResult> results = new ArrayList<>();
        List<CellSpec> missing = new ArrayList<>();
        for (CellSpec cell : s.runs()) {
            CellResult stored = ExperimentRunner.stored(s, cell);
            if (stored == null) {
                missing.add(cell);
            } else {
                results.add(stored);
            }
        }
        if (missing.isEmpty() || partial && !results.isEmpty()) {
            return results;
        }
        List<String> named = missing.stream()
                .map(cell -> cell.id() + " (" + claimState(s.out(), cell) + ")")
                .toList();
        throw new IllegalArgumentException(missing.size() + " of " + s.runs().size()
                + (s.seeds() > 1 ? " runs" : " cells") + " have no result in "
                + s.out().resolve("cells") + ": " + String.join(", ", named)
                + "; run the experiment (or its shards) to compute them"
                + (results.isEmpty() ? "" : ", or add --partial to report the " + results.size() + " that have one"));
    }

    /** The cells of the grid without a stored result. */
    public static List<CellSpec> missing(ExperimentSettings s) {
        return s.runs().stream()
                .filter(cell -> !Files.isRegularFile(ExperimentRunner.cellFile(s, cell)))
                .toList();
    }

    static String claimState(Path out, CellSpec cell) {
        Path claim = CellClaims.file(out, cell);
        if (!Files.isRegularFile(claim)) {
            return "not claimed";
        }
        Optional<ClaimOwner> owner = CellClaims.owner(claim);
        if (owner.isEmpty()) {
            return "claim " + claim.getFileName() + " unreadable";
        }
        ClaimOwner o = owner.get();
        return "claimed by " + o.describe()
                + (o.knownDead()
                        ? ", owner dead: the next run retakes it"
                        : o.knownAlive()
                                ? ", still running"
                                : ", owner on another machine: if it runs no more, rerun with --retake-claims");
    }
}
