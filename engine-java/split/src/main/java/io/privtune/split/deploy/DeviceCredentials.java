package io.privtune.split.deploy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The devices the cloud admits, each an id and the SHA-256 of its bearer token: the cloud never holds a
 * token, so a leaked credentials file or heap dump does not let anyone call in.
 */
public final class DeviceCredentials {
    public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** The one device {@code --token} stands for. */
    public static final String SHARED_TOKEN_DEVICE = "default";

    /** One admitted device: its id and the SHA-256 of its token (32 bytes). */
    public record Device(String id, byte[] tokenSha256) {
        public Device {
            tokenSha256 = tokenSha256.clone();
        }

        @Override
        public byte[] tokenSha256() {
            return tokenSha256.clone();
        }
    }

    private final List<Device> devices;

    /** @throws IllegalArgumentException for no devices, a malformed id or hash, or a repeated id or hash */
    public DeviceCredentials(List<Device> devices) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no devices: add one with ./privtune cloud add-device");
        }
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            if (!DEVICE_ID.matcher(d.id()).matches()) {
                throw new IllegalArgumentException(
                        "device id: expected 1-64 of [A-Za-z0-9._-], found '" + d.id() + "'");
            }
            if (d.tokenSha256.length != 32) {
                throw new IllegalArgumentException("device '" + d.id() + "': expected a 32-byte SHA-256, found "
                        + d.tokenSha256.length + " bytes");
            }
            for (int j = 0; j < i; j++) {
                if (devices.get(j).id().equals(d.id())) {
                    throw new IllegalArgumentException("device id '" + d.id() + "' appears twice");
                }
                if (MessageDigest.isEqual(devices.get(j).tokenSha256, d.tokenSha256)) {
                    throw new IllegalArgumentException(
                            "devices '" + devices.get(j).id() + "' and '" + d.id() + "' have the same token");
                }
            }
        }
        this.devices = List.copyOf(devices);
    }

    /** {@code --token}: one device, "default", with that token. */
    public static DeviceCredentials sharedToken(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("the bearer token must have at least 16 characters");
        }
        return new DeviceCredentials(List.of(new Device(SHARED_TOKEN_DEVICE, sha256(token))));
    }

    public List<Device> devices() {
        return devices;
    }

    /**
     * The device whose token this is, if any. Compares the hash against every device in constant time and
     * without stopping at a match, so the time taken says nothing about which device, or how close a guess was.
     */
    public Optional<String> deviceFor(String token) {
        byte[] presented = sha256(token);
        String match = null;
        for (Device d : devices) {
            boolean equal = MessageDigest.isEqual(d.tokenSha256, presented);
            match = equal ? d.id() : match;
        }
        return Optional.ofNullable(match);
    }

    /** SHA-256 of the token's UTF-8 bytes: what the credentials file stores (hex), same as {@code printf %s TOKEN | sha256sum}. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
