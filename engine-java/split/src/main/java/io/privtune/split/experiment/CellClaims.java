package io.privtune.split.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privtune.core.io.ExclusiveFile;
import io.privtune.core.io.ReplacedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The claim files of one results folder ({@code OUT/claims/ID.claim}), which let several processes on a
 * shared filesystem compute each cell once. A claim is created atomically (a hard link, or an exclusive create:
 * of all processes trying, exactly one succeeds) and holds its {@link ClaimOwner}. Claims stay after the cell is stored.
 * <p>
 * A claim whose cell has no result is retaken only when its owner is known dead (same process space, process
 * gone: e.g. the same machine after Ctrl-C or a kill), or, with {@code retakeUnknown} ({@code --retake-claims}),
 * when its owner is not known to be alive (another machine: the operator says no shard runs any more).
 * Retaking is itself exclusive: a marker {@code ID.retaken-HASH}, named after the stale claim's bytes and holding
 * the retaker as its owner, is created first, so of several processes judging one claim stale only one replaces
 * it. A retaker that dies between its marker and its new claim leaves a marker whose owner is judged like a
 * claim's: stale, it is retaken the same way (a marker named after the marker), so no cell stays stuck.
 * <p>
 * Claims are created through {@link ExclusiveFile}; where the file system has no hard links a claim may be read
 * while it is still being written, so an unreadable claim younger than {@link #WRITING} counts as held.
 */
final class CellClaims {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long an unreadable claim may still be one being written (no hard links: created, then filled). */
    static final Duration WRITING = Duration.ofMinutes(1);
    /** Markers on markers: each level is a retaker that died mid-retake; more than this is not a race but a bug. */
    private static final int MAX_RETAKE_DEPTH = 8;

    private final Path folder;
    private final Shard shard;
    private final boolean retakeUnknown;
    private final Predicate<CellSpec> stored;

    /** @param stored whether a cell's result is stored: the claim of a stored cell is never retaken, its owner may well have ended */
    CellClaims(Path out, Shard shard, boolean retakeUnknown, Predicate<CellSpec> stored) {
        this.folder = folder(out);
        this.shard = shard;
        this.retakeUnknown = retakeUnknown;
        this.stored = stored;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the claims folder " + folder + ": " + e.getMessage(), e);
        }
    }

    static Path folder(Path out) {
        return out.resolve("claims");
    }

    static Path file(Path out, CellSpec cell) {
        return folder(out).resolve(cell.id() + ".claim");
    }

    /** What came of an attempt to claim a cell. */
    enum Outcome {
        CLAIMED,
        RETAKEN,
        HELD
    }

    /** Claims {@code cell} for this process; CLAIMED or RETAKEN: this process must compute it. */
    Outcome claim(CellSpec cell) {
        Path file = folder.resolve(cell.id() + ".claim");
        for (int attempt = 0; attempt < 2; attempt++) {
            if (create(file, cell)) {
                return Outcome.CLAIMED;
            }
            byte[] seen;
            try {
                seen = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                continue; // released between our attempt and the read: try once more
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the claim " + file + ": " + e.getMessage(), e);
            }
            // an owner that ended normally stored its cells before it ended: look again only now that it is judged
            // stale
            return stale(file, seen) && !stored.test(cell) && retake(file, cell, seen, 0)
                    ? Outcome.RETAKEN
                    : Outcome.HELD;
        }
        return Outcome.HELD;
    }

    /** Gives up this process's claim of {@code cell} (it stopped before storing the result), so that another may take it. */
    void release(CellSpec cell) {
        Path file = folder.resolve(cell.id() + ".claim");
        try {
            if (Files.isRegularFile(file)
                    && owner(file).map(ClaimOwner::isThisProcess).orElse(false)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the claim " + file + ": " + e.getMessage(), e);
        }
    }

    /** The owner written in a claim file; empty when it is absent or not readable (being written, or cut short). */
    static Optional<ClaimOwner> owner(Path file) {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the claim (or retake marker) {@code file}, read as {@code seen}, may be taken from its owner. */
    private boolean stale(Path file, byte[] seen) {
        Optional<ClaimOwner> owner = parse(seen);
        if (owner.isEmpty() && young(file)) {
            return false; // being written, or cut short moments ago: give its writer time
        }
        return owner.map(ClaimOwner::knownDead).orElse(false)
                || retakeUnknown
                        && !owner.map(o -> o.knownAlive() || o.isThisProcess()).orElse(false);
    }

    private static boolean young(Path file) {
        try {
            return Files.getLastModifiedTime(file)
                    .toInstant()
                    .isAfter(Instant.now().minus(WRITING));
        } catch (IOException gone) {
            return true; // replaced or removed while we looked: someone is at work on it
        }
    }

    /** Creates the claim whole or not at all; false when the cell was claimed already. */
    private boolean create(Path file, CellSpec cell) {
        try {
            return ExclusiveFile.create(file, JSON.writeValueAsBytes(ClaimOwner.now(cell, shard)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the claim {@code file}, which held {@code stale} (a claim, or at depth > 0 a dead retaker's marker),
     * with this process's claim; false when another process retakes it.
     */
    private boolean retake(Path file, CellSpec cell, byte[] stale, int depth) {
        // depth in the name: a marker on a marker never shares a name with the marker it replaces
        Path marker = folder.resolve(cell.id() + ".retaken-" + sha256(stale) + (depth == 0 ? "" : "-" + depth));
        try {
            if (!ExclusiveFile.create(marker, JSON.writeValueAsBytes(ClaimOwner.now(cell, shard)))) {
                // another process is retaking this very claim, or died doing so: then the marker is stale too
                byte[] markerBytes = Files.readAllBytes(marker);
                return depth < MAX_RETAKE_DEPTH
                        && stale(marker, markerBytes)
                        && java.util.Arrays.equals(Files.readAllBytes(file), stale)
                        && retake(file, cell, markerBytes, depth + 1);
            }
            ReplacedFile.write(file, JSON.writeValueAsBytes(ClaimOwner.now(cell, shard)));
            return true;
        } catch (NoSuchFileException e) {
            return false; // the claim or marker was replaced while we looked: someone else is at it
        } catch (IOException e) {
            throw new UncheckedIOException("cannot retake the claim " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<ClaimOwner> parse(byte[] bytes) {
        try {
            return Optional.of(JSON.readValue(bytes, ClaimOwner.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
