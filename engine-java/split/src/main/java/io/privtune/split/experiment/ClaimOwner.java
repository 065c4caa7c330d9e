package io.privtune.split.experiment;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Who holds a cell's claim, as written in {@code claims/ID.claim}: the process (host, pid, start time), the
 * shard it ran as, when it claimed. Whether that owner is dead can be known only from the same process space
 * (same host name, kernel boot and pid namespace: a pid means nothing elsewhere); anywhere else it is unknown.
 *
 * @param host         the host name (a pod's name in Kubernetes)
 * @param bootId       the kernel's boot id (Linux), to tell two machines of one host name apart, and a reboot
 * @param pidNamespace the pid namespace (Linux), to tell containers apart
 * @param processStart when the process started, to tell a reused pid from the owner
 * @param run          random per process: tells this process's claims from an earlier process's with the same pid
 */
public record ClaimOwner(
        String cell,
        String shard,
        String host,
        String bootId,
        String pidNamespace,
        long pid,
        String processStart,
        String claimed,
        String run) {
    /** Start times are read from the kernel in clock ticks; a reused pid starts far later than this. */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    private static final ClaimOwner THIS_PROCESS = new ClaimOwner(
            null,
            null,
            hostName(),
            read("/proc/sys/kernel/random/boot_id"),
            link("/proc/self/ns/pid"),
            ProcessHandle.current().pid(),
            ProcessHandle.current().info().startInstant().map(Instant::toString).orElse(null),
            null,
            UUID.randomUUID().toString());

    /** This process claiming {@code cell} now, as shard {@code shard}. */
    static ClaimOwner now(CellSpec cell, Shard shard) {
        ClaimOwner me = THIS_PROCESS;
        return new ClaimOwner(
                cell.id(),
                shard.toString(),
                me.host,
                me.bootId,
                me.pidNamespace,
                me.pid,
                me.processStart,
                Instant.now().toString(),
                me.run);
    }

    /** A claim this very process made. */
    boolean isThisProcess() {
        return THIS_PROCESS.run.equals(run);
    }

    /** The owner ran in this process space and its process is gone (or its pid now names a later process). */
    boolean knownDead() {
        return sameProcessSpace()
                && ProcessHandle.of(pid).map(p -> !sameStart(p)).orElse(true);
    }

    /** The owner ran in this process space and is still running. */
    boolean knownAlive() {
        return sameProcessSpace() && ProcessHandle.of(pid).map(this::sameStart).orElse(false);
    }

    String describe() {
        return "shard " + shard + ", " + host + " pid " + pid + ", claimed " + claimed;
    }

    private boolean sameProcessSpace() {
        ClaimOwner me = THIS_PROCESS;
        return host != null
                && !host.isEmpty()
                && host.equals(me.host)
                && Objects.equals(bootId, me.bootId)
                && Objects.equals(pidNamespace, me.pidNamespace);
    }

    /** Unknown start times count as the same: a process is taken for dead only when that is certain. */
    private boolean sameStart(ProcessHandle process) {
        Optional<Instant> started = process.info().startInstant();
        if (processStart == null || started.isEmpty()) {
            return true;
        }
        try {
            return Duration.between(Instant.parse(processStart), started.get())
                            .abs()
                            .compareTo(SAME_START)
                    <= 0;
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
    }

    /** The kernel's host name (a container's own), without a DNS lookup. */
    private static String hostName() {
        String kernel = read("/proc/sys/kernel/hostname");
        if (kernel != null && !kernel.isEmpty()) {
            return kernel;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "");
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String link(String file) {
        try {
            return Files.readSymbolicLink(Path.of(file)).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
