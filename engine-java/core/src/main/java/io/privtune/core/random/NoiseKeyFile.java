package io.privtune.core.random;

import io.privtune.core.io.ExclusiveFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The one place a secret {@link NoiseKey} is written: a two-line text file (a header, then the key in
 * hex) with owner-only permissions (rw-------), created once, never overwritten. Reading refuses a
 * missing, unreadable, short or group/world-accessible file with one message naming the file and the fix.
 */
public final class NoiseKeyFile {
    private static final String HEADER = "privtune noise key v1 (secret: never copy it off the device)";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private NoiseKeyFile() {}

    /** The key in {@code file}, or a new one written there when the file does not exist yet (safe when several processes race). */
    public static NoiseKey readOrCreate(Path file) {
        if (!Files.exists(file)) {
            NoiseKey key = NoiseKey.generate();
            if (create(file, key)) {
                return key;
            }
        }
        return read(file);
    }

    /** Writes a new key file; refuses to replace an existing one (that would orphan the runs made with it). */
    public static void write(Path file, NoiseKey key) {
        if (!create(file, key)) {
            throw new IllegalArgumentException("noise key file " + file
                    + " already exists; a key file is never overwritten " + "(use it, or choose another path)");
        }
    }

    /**
     * Creates the key file whole or not at all ({@link ExclusiveFile}), owner-only from its first byte; never
     * replaces one. False when it existed.
     */
    private static boolean create(Path file, NoiseKey key) {
        if (key.isResearchSeed()) {
            throw new IllegalArgumentException(
                    "a research seed is public and has no key file; write only secret keys to " + file);
        }
        byte[] text =
                (HEADER + "\n" + HexFormat.of().formatHex(key.material()) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            return posix(file)
                    ? ExclusiveFile.create(file, text, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : ExclusiveFile.create(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write noise key file " + file + ": " + e.getMessage()
                            + "; check that its folder is writable by you and on a local file system",
                    e);
        }
    }

    public static NoiseKey read(Path file) {
        List<String> lines;
        try {
            if (posix(file)) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (permissions.stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) {
                    throw new IllegalArgumentException("noise key file " + file + " is accessible by group or others ("
                            + PosixFilePermissions.toString(permissions)
                            + "); a secret key must be owner-only: chmod 600 " + file);
                }
            }
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(
                    "noise key file " + file + " does not exist; omit the option to generate a new key, "
                            + "or give the path of the key file this run was made with");
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(
                    "cannot read noise key file " + file + " (" + e.getMessage() + "); check its owner and "
                            + "permissions (it must be readable by you alone: chmod 600 " + file + ")");
        }
        if (lines.size() < 2 || !lines.get(0).startsWith("privtune noise key v1")) {
            throw new IllegalArgumentException(
                    "noise key file " + file + " is not a PrivTune key file (expected the header line '" + HEADER
                            + "' and a line of " + 2 * NoiseKey.BYTES + " hex digits)");
        }
        String hex = lines.get(1).trim();
        if (hex.length() != 2 * NoiseKey.BYTES || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("noise key file " + file + ": expected " + 2 * NoiseKey.BYTES
                    + " hex digits (256 bits) on line 2, found "
                    + hex.length() + " characters"
                    + (hex.length() < 2 * NoiseKey.BYTES ? " (the file is short or truncated)" : "")
                    + "; restore it from your backup or start a new run with a new key");
        }
        return NoiseKey.of(HexFormat.of().parseHex(hex));
    }

    private static boolean posix(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return Files.getFileAttributeView(dir != null && Files.exists(dir) ? dir : file, PosixFileAttributeView.class)
                != null;
    }
}
