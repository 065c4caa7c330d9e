package io.privtune.core.io;

/** Element types this project reads and writes in safetensors files (names as the format spells them). */
public enum DType {
    F32(4),
    I32(4),
    I64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    static DType parse(String file, String tensor, String text) {
        for (DType t : values()) {
            if (t.name().equals(text)) {
                return t;
            }
        }
        throw new SafetensorsException(
                file, "tensor '" + tensor + "' has dtype " + text + "; supported: F32, I32, I64");
    }
}
