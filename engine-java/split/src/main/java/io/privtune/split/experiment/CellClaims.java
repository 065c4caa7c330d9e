package io.privtune.split.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * Retaking is itself exclusive: a marker {@code ID.retaken-HASH}, named after the stale claim's bytes, is created
 * first, so of several processes judging one claim stale only one replaces it.
 */
final class CellClaims {
    private static final ObjectMapper JSON = new ObjectMapper();

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
            Optional<ClaimOwner> owner = parse(seen);
            boolean stale = owner.map(ClaimOwner::knownDead).orElse(false)
                    || retakeUnknown
                            && !owner.map(o -> o.knownAlive() || o.isThisProcess())
                                    .orElse(false);
            // an owner that ended normally stored its cells before it ended: look again only now that it is judged
            // stale
            return stale && !stored.test(cell) && retake(file, cell, seen) ? Outcome.RETAKEN : Outcome.HELD;
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

    /**
     * Writes the claim beside {@code file}, then hard-links it into place: the link fails when {@code file} exists, so
     * a claim appears whole or not at all (the way NoiseKeyFile creates a key). Where the file system has no hard
     * links, an exclusive create, then the content. False when the cell was claimed already.
     */
    private boolean create(Path file, CellSpec cell) {
        Path partial = null;
        try {
            byte[] content = JSON.writeValueAsBytes(ClaimOwner.now(cell, shard));
            partial = Files.createTempFile(folder, "." + cell.id() + ".claim.", ".partial");
            Files.write(partial, content);
            try {
                Files.createLink(file, partial);
            } catch (UnsupportedOperationException noHardLinks) {
                try (OutputStream out =
                        Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    out.write(content);
                }
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                if (partial != null) {
                    Files.deleteIfExists(partial);
                }
            } catch (IOException e) {
                // a leftover partial claim names no cell's claim file; harmless
            }
        }
    }

    private boolean retake(Path file, CellSpec cell, byte[] stale) {
        Path marker = folder.resolve(cell.id() + ".retaken-" + sha256(stale));
        try {
            Files.createFile(marker);
        } catch (FileAlreadyExistsException e) {
            return false; // another process retook this very claim
        } catch (IOException e) {
            throw new UncheckedIOException("cannot retake the claim " + file + ": " + e.getMessage(), e);
        }
        try {
            Path partial = Files.createTempFile(folder, "." + cell.id() + ".claim.", ".partial");
            Files.write(partial, JSON.writeValueAsBytes(ClaimOwner.now(cell, shard)));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
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
