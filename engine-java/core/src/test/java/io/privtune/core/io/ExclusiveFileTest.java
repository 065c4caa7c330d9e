package io.privtune.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExclusiveFileTest {
    @TempDir
    Path dir;

    @Test
    void ofManyCreatorsOneWinsAndItsContentIsWhole() throws Exception {
        Path file = dir.resolve("sub/claim");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] content = ("writer " + i + "\n").repeat(1000).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> {
                    go.await();
                    return ExclusiveFile.create(file, content);
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
        String text = Files.readString(file);
        assertEquals(text.substring(0, text.indexOf('\n') + 1).repeat(1000), text, "one writer's whole content");
        try (var left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "no temporary files left beside it");
        }
    }

    @Test
    void anExistingFileIsNeverReplaced() throws Exception {
        Path file = dir.resolve("key");
        assertTrue(ExclusiveFile.create(file, new byte[] {1, 2, 3}));
        assertFalse(ExclusiveFile.create(file, new byte[] {4}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
    }
}
