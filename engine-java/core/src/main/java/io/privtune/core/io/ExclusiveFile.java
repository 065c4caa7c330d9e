package io.privtune.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;

/**
 * Creates a file that must never be replaced, and that several processes may race to create (a noise key,
 * a grid cell's claim): of all creators exactly one succeeds. The content is written and forced to disk in a
 * temporary file beside the target, then hard-linked into place, which fails when the target exists: the
 * file appears whole or not at all. Where the file system has no hard links (the link throws
 * UnsupportedOperationException or a FileSystemException such as EPERM), an exclusive create in place, then
 * the content: still one winner, but a reader may briefly see the file short or empty, so readers of files
 * made here treat an unreadable file as being written, not as garbage.
 */
public final class ExclusiveFile {
    private ExclusiveFile() {}

    /** True when this call created {@code file} with {@code content}; false when it existed already. */
    public static boolean create(Path file, byte[] content, FileAttribute<?>... attributes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, "." + file.getFileName(), ".partial", attributes);
        try {
            writeDurably(temporary, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.createLink(file, temporary);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                return createInPlace(file, content, attributes);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static boolean createInPlace(Path file, byte[] content, FileAttribute<?>... attributes) throws IOException {
        try {
            Files.createFile(file, attributes);
        } catch (FileAlreadyExistsException exists) {
            return false;
        }
        writeDurably(file, content, StandardOpenOption.WRITE);
        return true;
    }

    private static void writeDurably(Path file, byte[] content, StandardOpenOption... options) throws IOException {
        try (FileChannel channel = FileChannel.open(file, options)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }
}
