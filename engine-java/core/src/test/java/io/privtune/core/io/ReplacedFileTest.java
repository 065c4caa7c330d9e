package io.privtune.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplacedFileTest {
    @Test
    void replacesTheWholeFileAndLeavesNothingBeside(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/result.json");
        ReplacedFile.write(file, "old".getBytes());
        ReplacedFile.write(file, "new content".getBytes());
        assertArrayEquals("new content".getBytes(), Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void aWriterThatFailsLeavesTheOldFileWhole(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.md");
        ReplacedFile.write(file, "complete old report".getBytes());
        IOException failure = assertThrows(
                IOException.class,
                () -> ReplacedFile.write(file, temporary -> {
                    Files.writeString(temporary, "half of");
                    throw new IOException("disk full");
                }));
        assertEquals("disk full", failure.getMessage());
        assertEquals("complete old report", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "the partial file is removed");
        }
    }

    @Test
    void plainFilesGetAPlainWritesPermissionsAndReplacingKeepsThem(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x"); // 0666 less the umask
        Path file = dir.resolve("results.json");
        ReplacedFile.write(file, "{}".getBytes());
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file), "not owner-only");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        ReplacedFile.write(file, "{\"a\": 1}".getBytes());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void ownerOnlyFilesAreUnreadableToOthers(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("credentials.json");
        ReplacedFile.writeOwnerOnly(file, temporary -> Files.writeString(temporary, "{}"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
