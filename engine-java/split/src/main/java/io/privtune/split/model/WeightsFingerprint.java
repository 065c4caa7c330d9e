package io.privtune.split.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * CRC-32 over each tensor's name and first 4096 values, names in sorted order: tells checkpoints apart at
 * no real cost. Part of a bottom model's identity, so the same text under two models never shares noise.
 */
public final class WeightsFingerprint {
    private WeightsFingerprint() {}

    public static String of(Collection<String> names, Function<String, float[]> values) {
        CRC32 crc = new CRC32();
        ByteBuffer bytes = ByteBuffer.allocate(4096 * Float.BYTES);
        for (String name : new TreeSet<>(names)) {
            crc.update(name.getBytes(StandardCharsets.UTF_8));
            float[] tensor = values.apply(name);
            bytes.clear();
            for (int i = 0; i < Math.min(4096, tensor.length); i++) {
                bytes.putFloat(tensor[i]);
            }
            crc.update(bytes.array(), 0, bytes.position());
        }
        return Long.toHexString(crc.getValue());
    }
}
