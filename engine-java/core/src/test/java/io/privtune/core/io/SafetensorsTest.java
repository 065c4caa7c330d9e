package io.privtune.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryTypeAndTheMetadata() {
        Path file = dir.resolve("t.safetensors");
        new SafetensorsWriter()
                .addF32("floats", new float[] {1.5f, -2f, 3.25f, 0f, 7f, 8f}, 2, 3)
                .addI32("ints", new int[] {1, -2, 3}, 3)
                .addI64("longs", new long[] {1L << 40, -5}, 2)
                .metadata("model", "minilm")
                .write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertArrayEquals(
                    new float[] {1.5f, -2f, 3.25f, 0f, 7f, 8f},
                    f.tensor("floats", DType.F32, 2, 3).toFloatArray());
            assertArrayEquals(new int[] {1, -2, 3}, f.tensor("ints").toIntArray());
            assertArrayEquals(new long[] {1L << 40, -5}, f.tensor("longs").toLongArray());
            assertEquals("minilm", f.metadata().get("model"));
        }
    }

    @Test
    void headerIsWhatOtherToolsExpect() throws IOException {
        Path file = dir.resolve("h.safetensors");
        new SafetensorsWriter().addF32("x", new float[] {1f}, 1).write(file);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength =
                ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "data section 8-byte aligned");
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8).trim();
        assertEquals("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", header);
        assertEquals(8 + headerLength + 4, bytes.length);
    }

    @Test
    void truncatedFileIsRefusedWithTheTensorNamed() throws IOException {
        Path file = dir.resolve("t.safetensors");
        new SafetensorsWriter().addF32("weights", new float[100], 10, 10).write(file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(cut));
        assertTrue(
                e.getMessage().contains("cut.safetensors")
                        && e.getMessage().contains("'weights'")
                        && e.getMessage().contains("truncated"),
                e.getMessage());
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(tiny));
    }

    @Test
    void shapeThatDisagreesWithTheBytesIsRefused() throws IOException {
        Path file = writeRaw("{\"w\":{\"dtype\":\"F32\",\"shape\":[3,3],\"data_offsets\":[0,16]}}", 16);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains("[3, 3]") && e.getMessage().contains("16 bytes"), e.getMessage());
    }

    @Test
    void malformedHeadersAreRefused() throws IOException {
        assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(writeRaw("{not json", 0)));
        assertThrows(
                SafetensorsException.class,
                () -> SafetensorsFile.open(
                        writeRaw("{\"w\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4)));
        assertThrows(
                SafetensorsException.class,
                () -> SafetensorsFile.open(writeRaw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4)));
        assertThrows(
                SafetensorsException.class,
                () -> SafetensorsFile.open(writeRaw(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                        12)));
        assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(dir.resolve("missing.safetensors")));
    }

    @Test
    void askingForTheWrongTensorNamesWhatExists() {
        Path file = dir.resolve("t.safetensors");
        new SafetensorsWriter().addF32("ids", new float[4], 2, 2).write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            SafetensorsException missing = assertThrows(SafetensorsException.class, () -> f.tensor("similarities"));
            assertTrue(missing.getMessage().contains("[ids]"), missing.getMessage());
            SafetensorsException shape =
                    assertThrows(SafetensorsException.class, () -> f.tensor("ids", DType.F32, 4, 1));
            assertTrue(shape.getMessage().contains("expected [4, 1]"), shape.getMessage());
            assertThrows(SafetensorsException.class, () -> f.tensor("ids", DType.I32, 2, 2));
        }
    }

    @Test
    void writerRefusesInconsistentShapes() {
        assertThrows(IllegalArgumentException.class, () -> new SafetensorsWriter().addF32("x", new float[5], 2, 3));
        assertThrows(
                IllegalArgumentException.class,
                () -> new SafetensorsWriter().addF32("x", new float[1], 1).addF32("x", new float[1], 1));
    }

    @Test
    void theDataChecksumSeesAFlippedDataByte() throws IOException {
        Path file = dir.resolve("c.safetensors");
        SafetensorsWriter writer =
                new SafetensorsWriter().addF32("w", new float[] {1f, 2f, 3f}, 3).addI32("n", new int[] {7});
        long written = writer.dataCrc32c();
        writer.write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(written, f.dataCrc32c());
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 1; // inside "w": the layout stays valid
        Files.write(file, bytes);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertTrue(written != f.dataCrc32c());
        }
    }

    private Path writeRaw(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path file = Files.createTempFile(dir, "raw", ".safetensors");
        Files.write(file, b.array());
        return file;
    }
}
