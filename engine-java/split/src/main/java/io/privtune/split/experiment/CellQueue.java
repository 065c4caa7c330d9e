package io.privtune.split.experiment;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The cells one process computes, in its shard's order ({@link Shard#order}): cells already stored are
 * passed over, the others claimed ({@link CellClaims}); a cell another process holds is left to it. Used by
 * {@link ExperimentRunner} and by anything else that computes cells into a results folder. Closing it gives up
 * the claim of a cell handed out but not stored (the process stopped on an error), so another process may take it.
 */
public final class CellQueue implements AutoCloseable {
    private final ExperimentSettings settings;
    private final Shard shard;
    private final CellClaims claims;
    private final List<CellSpec> order;
    private int next;
    private CellSpec current;
    private final List<String> computed = new ArrayList<>();
    private final List<String> retaken = new ArrayList<>();
    private final List<String> held = new ArrayList<>();
    private final List<String> released = new ArrayList<>();
    private int stored;

    private CellQueue(ExperimentSettings settings, Shard shard, boolean retakeClaims) {
        this.settings = settings;
        this.shard = shard;
        this.claims = new CellClaims(settings.out(), shard, retakeClaims, this::isStored);
        this.order = shard.order(settings.runs());
    }

    /**
     * @param retakeClaims also retake claims whose owner is not known to be alive (another machine's), not only
     *                     those of owners known dead: for use when no other process works on the folder any more
     */
    public static CellQueue open(ExperimentSettings settings, Shard shard, boolean retakeClaims) {
        return new CellQueue(settings, shard, retakeClaims);
    }

    public Shard shard() {
        return shard;
    }

    /** The next cell this process has claimed and must compute and store, or null when none is left for it. */
    public CellSpec next() {
        finishCurrent();
        while (next < order.size()) {
            CellSpec cell = order.get(next++);
            if (isStored(cell)) {
                stored++;
                continue;
            }
            CellClaims.Outcome outcome = claims.claim(cell);
            if (outcome == CellClaims.Outcome.HELD) {
                if (isStored(cell)) { // stored meanwhile by the claim's owner
                    stored++;
                } else {
                    held.add(cell.id());
                }
                continue;
            }
            if (isStored(cell)) { // stored by its owner between our look and our claim, the owner then gone
                stored++;
                continue;
            }
            if (outcome == CellClaims.Outcome.RETAKEN) {
                retaken.add(cell.id());
            }
            current = cell;
            return cell;
        }
        return null;
    }

    @Override
    public void close() {
        finishCurrent();
    }

    /** What this process did, for its last lines. */
    public String summary() {
        StringBuilder s = new StringBuilder((shard.sharded() ? "shard " + shard : "this process") + ": computed "
                + computed.size() + " cell(s) " + computed);
        if (!retaken.isEmpty()) {
            s.append(", of them retaken from dead owners ").append(retaken);
        }
        s.append("; ").append(stored).append(" already stored");
        if (!held.isEmpty()) {
            s.append("; ")
                    .append(held.size())
                    .append(" held by other processes ")
                    .append(held);
        }
        if (!released.isEmpty()) {
            s.append("; released unfinished ").append(released);
        }
        return s.toString();
    }

    private void finishCurrent() {
        if (current == null) {
            return;
        }
        if (isStored(current)) {
            computed.add(current.id());
        } else {
            claims.release(current);
            released.add(current.id());
        }
        current = null;
    }

    private boolean isStored(CellSpec cell) {
        return Files.isRegularFile(ExperimentRunner.cellFile(settings, cell));
    }
}
