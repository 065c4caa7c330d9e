package io.privtune.split.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The claim protocol: one winner per cell, and when a claim may be taken from its owner. */
class CellClaimsTest {
    private static final CellSpec CELL = CellSpec.parse("dchi:eta=3");

    @Test
    void ofManyRivalsExactlyOneClaimsACell(@TempDir Path out) throws Exception {
        assertEquals(
                List.of(CellClaims.Outcome.CLAIMED),
                winners(16, () -> new CellClaims(out, Shard.WHOLE, false, cell -> false).claim(CELL)));
        assertTrue(owner(out).isThisProcess());
    }

    @Test
    void aClaimWhoseOwnerIsKnownDeadIsRetakenOnce(@TempDir Path out) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ClaimOwner me = ClaimOwner.now(CELL, Shard.WHOLE);
        write(out, withProcess(me, gone.pid(), me.processStart()));
        assertTrue(owner(out).knownDead());
        List<CellClaims.Outcome> won =
                winners(8, () -> new CellClaims(out, Shard.WHOLE, false, cell -> false).claim(CELL));
        assertEquals(List.of(CellClaims.Outcome.RETAKEN), won, "of several judging it stale, one retakes it");
        assertTrue(owner(out).isThisProcess());
        try (var files = Files.list(CellClaims.folder(out))) {
            assertEquals(
                    2,
                    files.filter(f -> f.getFileName().toString().startsWith(CELL.id() + "."))
                            .count(),
                    "the claim and its retake marker");
        }
    }

    @Test
    void theClaimOfAStoredCellIsNeverRetaken(@TempDir Path out) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ClaimOwner me = ClaimOwner.now(CELL, Shard.WHOLE);
        write(out, withProcess(me, gone.pid(), me.processStart())); // an owner that stored the cell, then ended
        assertEquals(CellClaims.Outcome.HELD, new CellClaims(out, Shard.WHOLE, true, cell -> true).claim(CELL));
        assertFalse(owner(out).isThisProcess());
    }

    @Test
    void aReusedPidDoesNotKeepADeadOwnersClaim(@TempDir Path out) {
        ClaimOwner me = ClaimOwner.now(CELL, Shard.WHOLE);
        String earlier =
                Instant.parse(me.processStart()).minus(Duration.ofHours(1)).toString();
        write(out, withProcess(me, me.pid(), earlier)); // our pid, an hour before we started: another process
        assertTrue(owner(out).knownDead());
        assertEquals(CellClaims.Outcome.RETAKEN, new CellClaims(out, Shard.WHOLE, false, cell -> false).claim(CELL));
    }

    @Test
    void aLiveOwnerKeepsItsClaimEvenWithRetakeClaims(@TempDir Path out) throws Exception {
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            ClaimOwner me = ClaimOwner.now(CELL, Shard.WHOLE);
            write(
                    out,
                    withProcess(
                            me,
                            alive.pid(),
                            alive.info().startInstant().orElseThrow().toString()));
            assertTrue(owner(out).knownAlive());
            assertEquals(CellClaims.Outcome.HELD, new CellClaims(out, Shard.WHOLE, true, cell -> false).claim(CELL));
        } finally {
            alive.destroy();
            alive.waitFor();
        }
        assertEquals(
                CellClaims.Outcome.RETAKEN,
                new CellClaims(out, Shard.WHOLE, false, cell -> false).claim(CELL),
                "once it is gone, its claim is retaken");
    }

    @Test
    void anotherMachinesClaimIsRetakenOnlyWhenTheOperatorSaysSo(@TempDir Path out) {
        ClaimOwner me = ClaimOwner.now(CELL, Shard.WHOLE);
        write(
                out,
                new ClaimOwner(
                        me.cell(),
                        "1/4",
                        "node-7",
                        "another-boot",
                        me.pidNamespace(),
                        12,
                        me.processStart(),
                        me.claimed(),
                        "their-run"));
        assertFalse(owner(out).knownDead() || owner(out).knownAlive(), "a pid on another machine says nothing here");
        assertEquals(CellClaims.Outcome.HELD, new CellClaims(out, Shard.WHOLE, false, cell -> false).claim(CELL));
        assertTrue(StoredCells.claimState(out, CELL).contains("node-7")
                && StoredCells.claimState(out, CELL).contains("--retake-claims"));
        assertEquals(CellClaims.Outcome.RETAKEN, new CellClaims(out, Shard.WHOLE, true, cell -> false).claim(CELL));
    }

    @Test
    void anUnreadableClaimIsLeftAloneUnlessTheOperatorSaysSo(@TempDir Path out) throws IOException {
        Files.createDirectories(CellClaims.folder(out));
        Path claim = CellClaims.file(out, CELL);
        Files.createFile(claim); // without hard links a claim is created, then written: this one may be in between
        assertEquals(CellClaims.Outcome.HELD, new CellClaims(out, Shard.WHOLE, true, cell -> false).claim(CELL));
        // older than a write takes: its owner stopped between creating and writing it
        Files.setLastModifiedTime(
                claim, FileTime.from(Instant.now().minus(CellClaims.WRITING).minusSeconds(5)));
        assertEquals(CellClaims.Outcome.HELD, new CellClaims(out, Shard.WHOLE, false, cell -> false).claim(CELL));
        assertEquals(CellClaims.Outcome.RETAKEN, new CellClaims(out, Shard.WHOLE, true, cell -> false).claim(CELL));
    }

    @Test
    void aRetakerThatDiedMidRetakeDoesNotStrandTheCell(@TempDir Path out) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ClaimOwner me = ClaimOwner.now(CELL, Shard.WHOLE);
        ClaimOwner dead = withProcess(me, gone.pid(), me.processStart());
        write(out, dead);
        byte[] stale = Files.readAllBytes(CellClaims.file(out, CELL));
        // a retaker created its marker, then died before moving its claim into place
        Files.write(
                CellClaims.folder(out).resolve(CELL.id() + ".retaken-" + sha256(stale)),
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(dead));
        List<CellClaims.Outcome> won =
                winners(8, () -> new CellClaims(out, Shard.WHOLE, false, cell -> false).claim(CELL));
        assertEquals(List.of(CellClaims.Outcome.RETAKEN), won, "of several judging the marker stale, one retakes");
        assertTrue(owner(out).isThisProcess());
    }

    @Test
    void aLiveRetakersMarkerIsRespected(@TempDir Path out) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ClaimOwner me = ClaimOwner.now(CELL, Shard.WHOLE);
        write(out, withProcess(me, gone.pid(), me.processStart()));
        byte[] stale = Files.readAllBytes(CellClaims.file(out, CELL));
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            ClaimOwner retaker = withProcess(
                    me, alive.pid(), alive.info().startInstant().orElseThrow().toString());
            Files.write(
                    CellClaims.folder(out).resolve(CELL.id() + ".retaken-" + sha256(stale)),
                    new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(retaker));
            assertEquals(CellClaims.Outcome.HELD, new CellClaims(out, Shard.WHOLE, true, cell -> false).claim(CELL));
        } finally {
            alive.destroy();
            alive.waitFor();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
    }

    @Test
    void aProcessReleasesOnlyItsOwnUnfinishedClaims(@TempDir Path out) {
        ExperimentSettings s = FakeGrid.settings(out, 3);
        try (CellQueue queue = CellQueue.open(s, Shard.WHOLE, false)) {
            assertEquals("none", queue.next().id());
            FakeGrid.store(s, s.cells().get(0));
            assertEquals("dchi_eta-1", queue.next().id());
            // stops here, as on an error: dchi_eta-1 is not stored
            assertTrue(queue.summary().contains("computed 1 cell(s) [none]"), queue.summary());
        }
        assertTrue(Files.exists(CellClaims.file(out, s.cells().get(0))), "a stored cell keeps its claim");
        assertFalse(Files.exists(CellClaims.file(out, s.cells().get(1))), "an unfinished one is given up");

        ClaimOwner me = ClaimOwner.now(s.cells().get(2), Shard.WHOLE);
        write(out, new ClaimOwner(me.cell(), "1/2", "node-7", null, null, 12, null, me.claimed(), "their-run"));
        new CellClaims(out, Shard.WHOLE, false, cell -> false).release(s.cells().get(2));
        assertTrue(
                Files.exists(CellClaims.file(out, s.cells().get(2))), "another process's claim is not ours to give up");
    }

    private static ClaimOwner withProcess(ClaimOwner o, long pid, String processStart) {
        return new ClaimOwner(
                o.cell(),
                o.shard(),
                o.host(),
                o.bootId(),
                o.pidNamespace(),
                pid,
                processStart,
                o.claimed(),
                "an-earlier-run");
    }

    private static void write(Path out, ClaimOwner owner) {
        try {
            Files.createDirectories(CellClaims.folder(out));
            Files.write(
                    CellClaims.folder(out).resolve(owner.cell() + ".claim"),
                    new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(owner));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ClaimOwner owner(Path out) {
        return CellClaims.owner(CellClaims.file(out, CELL)).orElseThrow();
    }

    /** Runs {@code attempt} on {@code n} threads released together; returns the outcomes other than HELD. */
    private static List<CellClaims.Outcome> winners(int n, Callable<CellClaims.Outcome> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<CellClaims.Outcome>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return attempt.call();
                }));
            }
            go.countDown();
            List<CellClaims.Outcome> won = new ArrayList<>();
            for (Future<CellClaims.Outcome> r : results) {
                CellClaims.Outcome outcome = r.get(30, TimeUnit.SECONDS);
                if (outcome != CellClaims.Outcome.HELD) {
                    won.add(outcome);
                }
            }
            return won;
        } finally {
            pool.shutdownNow();
        }
    }
}
