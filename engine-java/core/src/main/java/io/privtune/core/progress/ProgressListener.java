package io.privtune.core.progress;

/**
 * Told how far a long computation has got. Called from worker threads, possibly concurrently, so
 * implementations must be thread-safe. The core knows nothing about how progress is shown.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> {};

    void advance(long done, long total);
}
