package io.privtune.split.deploy;

import io.grpc.Status;
import io.privtune.core.io.ReplacedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which device owns each session: the first to open it. Recorded in {state}/{session}.owner when the
 * session is created (before its first checkpoint), so a restarted cloud still refuses other devices.
 */
final class SessionOwners {
    static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Path state;
    private final Map<String, String> known = new ConcurrentHashMap<>();

    SessionOwners(Path state) {
        this.state = state;
    }

    /** The owner of {@code session}, from memory or its record under --state; empty for a session nobody opened. */
    Optional<String> of(String session) {
        if (!SESSION_ID.matcher(session).matches()) {
            return Optional.empty(); // never a file name outside --state
        }
        return Optional.ofNullable(known.computeIfAbsent(session, this::read));
    }

    /** Records {@code device} as the owner unless the session has one; returns the owner either way. */
    synchronized String claim(String session, String device) {
        Optional<String> owner = of(session);
        if (owner.isPresent()) {
            return owner.get();
        }
        write(session, device);
        known.put(session, device);
        return device;
    }

    /** Refuses a session id that is not 1-64 of [A-Za-z0-9._-] (it names a file under --state). */
    static void requireValidId(String session) {
        if (!SESSION_ID.matcher(session).matches()) {
            throw UploadCheck.invalid("session: expected 1-64 of [A-Za-z0-9._-], found '" + session + "'");
        }
    }

    /** Refuses {@code device} (PERMISSION_DENIED, logged) unless it is the session's {@code owner}. */
    static void require(String session, String owner, String device) {
        if (!owner.equals(device)) {
            org.slf4j.LoggerFactory.getLogger(SessionOwners.class)
                    .info("device " + device + " refused session " + session + " (another device's)");
            throw denied(session);
        }
    }

    static io.grpc.StatusRuntimeException denied(String session) {
        return Status.PERMISSION_DENIED
                .withDescription("session '" + session + "' belongs to another device")
                .asRuntimeException();
    }

    private Path file(String session) {
        return state.resolve(session + ".owner");
    }

    private String read(String session) {
        Path file = file(session);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!DeviceCredentials.DEVICE_ID.matcher(owner).matches()) {
                throw new IllegalStateException(file + ": expected a device id, found '" + owner + "'");
            }
            return owner;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(String session, String device) {
        Path file = file(session);
        try {
            // all or nothing: a half-written owner would lock the session out for everyone
            ReplacedFile.write(file, (device + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot record the owner of session '" + session + "' in " + file + ": " + e.getMessage(), e);
        }
    }
}
