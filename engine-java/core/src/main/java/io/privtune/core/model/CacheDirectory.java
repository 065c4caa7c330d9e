package io.privtune.core.model;

import java.nio.file.Path;

/**
 * Where extracted models, dictionaries and graphs are cached: {@code -Dprivtune.cache=…}, else
 * {@code $PRIVTUNE_CACHE_DIR}, else {@code ~/.cache/privtune}.
 */
public final class CacheDirectory {
    private CacheDirectory() {}

    public static Path root() {
        String property = System.getProperty("privtune.cache");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("PRIVTUNE_CACHE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "privtune");
    }

    public static Path resolve(String child) {
        return root().resolve(child);
    }
}
