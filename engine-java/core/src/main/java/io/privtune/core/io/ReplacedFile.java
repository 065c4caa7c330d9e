package io.privtune.core.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file that may already exist (a result, a report, a checkpoint, a credentials file) so that a reader,
 * or a run that crashes mid-write, sees the old file or the whole new one, never half of it: the content goes
 * to a temporary file beside the target (a unique name, so concurrent writers do not collide), which is then
 * renamed over the target. The rename is atomic where the file system allows it (POSIX rename); elsewhere it is
 * a plain replace. The counterpart for files that must never be replaced is {@link ExclusiveFile}.
 */
public final class ReplacedFile {
    /** Writes the new content into the temporary file it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    private ReplacedFile() {}

    public static void write(Path file, byte[] content) throws IOException {
        write(file, false, temporary -> Files.write(temporary, content));
    }

    public static void write(Path file, Content content) throws IOException {
        write(file, false, content);
    }

    /** As {@link #write(Path, Content)}, readable by its owner only where the file system has POSIX permissions. */
    public static void writeOwnerOnly(Path file, Content content) throws IOException {
        write(file, true, content);
    }

    private static void write(Path file, boolean ownerOnly, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        // a temporary file is owner-only by default; a plain result gets what a plain write gives it (0666 less
        // the umask), so other accounts sharing an experiment folder can still read it
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-rw-rw-"))
                }
                : new FileAttribute<?>[0];
        // a dot name: folder listings (cells/*.json) never mistake a file being written for a result
        Path temporary = Files.createTempFile(dir, "." + file.getFileName() + ".", ".partial", attributes);
        try {
            if (posix && !ownerOnly && Files.exists(file)) { // replacing keeps the permissions someone set
                Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(file));
            }
            content.writeTo(temporary);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
