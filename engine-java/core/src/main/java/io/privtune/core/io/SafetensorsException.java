package io.privtune.core.io;

/** A safetensors file that cannot be read as asked: names the file and what is wrong with it. */
public final class SafetensorsException extends RuntimeException {
    public SafetensorsException(String file, String problem) {
        super(file + ": " + problem);
    }

    public SafetensorsException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
