package io.privtune.split.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privtune.core.io.ReplacedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cloud's credentials file, {@code {"devices": [{"id": "device-a", "token_sha256": "<64 hex>"}]}}:
 * token hashes only, never tokens. Read strictly (a bad file is one error naming the file, the field, what
 * was expected and what was found); written atomically with owner-only permissions.
 */
public final class CredentialsFile {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int TOKEN_BYTES = 32;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private CredentialsFile() {}

    /** The devices {@code file} admits, for {@code cloud serve}; at least one. */
    public static DeviceCredentials load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw bad(
                    file,
                    "no such credentials file; create it with ./privtune cloud add-device --credentials " + file
                            + " --device ID");
        }
        List<DeviceCredentials.Device> devices = read(file);
        if (devices.isEmpty()) {
            throw bad(file, "devices: expected at least one device, found none");
        }
        return new DeviceCredentials(devices);
    }

    /**
     * Adds device {@code id} with a fresh token (32 bytes from SecureRandom, base64url) and returns the token:
     * the only time it exists outside the device. Creates {@code file} if needed; refuses an id already there.
     */
    public static String addDevice(Path file, String id) {
        if (id == null || !DeviceCredentials.DEVICE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("--device: expected 1-64 of [A-Za-z0-9._-], found '" + id + "'");
        }
        List<DeviceCredentials.Device> devices = new ArrayList<>(Files.exists(file) ? read(file) : List.of());
        for (DeviceCredentials.Device d : devices) {
            if (d.id().equals(id)) {
                throw bad(
                        file,
                        "device '" + id
                                + "' is already there (its token cannot be shown again); choose another --device");
            }
        }
        byte[] secret = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        devices.add(new DeviceCredentials.Device(id, DeviceCredentials.sha256(token)));
        write(file, devices);
        return token;
    }

    /** The file's devices, every field checked; possibly none. */
    static List<DeviceCredentials.Device> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw bad(
                    file,
                    "not valid JSON: " + e.getOriginalMessage().replace('\n', ' ')
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ", column "
                                            + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the credentials file: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "expected a JSON object {\"devices\": [...]}, found " + kind(root));
        }
        onlyFields(file, "", root, "devices");
        JsonNode list = root.get("devices");
        if (list == null || !list.isArray()) {
            throw bad(file, "devices: expected an array of {\"id\", \"token_sha256\"}, found " + kind(list));
        }
        List<DeviceCredentials.Device> devices = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "devices[" + i + "]";
            JsonNode entry = list.get(i);
            if (!entry.isObject()) {
                throw bad(file, at + ": expected an object {\"id\", \"token_sha256\"}, found " + kind(entry));
            }
            onlyFields(file, at, entry, "id", "token_sha256");
            String id = text(file, at + ".id", entry.get("id"));
            if (!DeviceCredentials.DEVICE_ID.matcher(id).matches()) {
                throw bad(file, at + ".id: expected 1-64 of [A-Za-z0-9._-], found '" + id + "'");
            }
            String hash = text(file, at + ".token_sha256", entry.get("token_sha256"));
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw bad(
                        file,
                        at + ".token_sha256: expected 64 hex digits (SHA-256 of the token), found '" + hash + "' ("
                                + hash.length() + " characters)");
            }
            DeviceCredentials.Device device =
                    new DeviceCredentials.Device(id, HexFormat.of().parseHex(hash));
            for (int j = 0; j < devices.size(); j++) {
                if (devices.get(j).id().equals(id)) {
                    throw bad(
                            file, at + ".id: expected a unique id, found '" + id + "' again (also devices[" + j + "])");
                }
                if (java.util.Arrays.equals(devices.get(j).tokenSha256(), device.tokenSha256())) {
                    throw bad(
                            file,
                            at + ".token_sha256: expected a unique hash, found the same as devices[" + j
                                    + "] (two devices, one token)");
                }
            }
            devices.add(device);
        }
        return devices;
    }

    private static void write(Path file, List<DeviceCredentials.Device> devices) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("devices");
        for (DeviceCredentials.Device d : devices) {
            list.addObject().put("id", d.id()).put("token_sha256", DeviceCredentials.hex(d.tokenSha256()));
        }
        try { // a crash mid-write must not leave half a credentials file; rw------- from the start, not chmod after
            ReplacedFile.writeOwnerOnly(
                    file, temporary -> Files.writeString(temporary, JSON.writeValueAsString(root) + "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the credentials file: " + e.getMessage(), e);
        }
    }

    private static void onlyFields(Path file, String at, JsonNode node, String... expected) {
        Set<String> allowed = Set.of(expected);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String hint = name.equals("token") ? " (the file holds SHA-256 hashes of tokens, never tokens)" : "";
                throw bad(
                        file,
                        (at.isEmpty() ? "" : at + ": ") + "expected only " + String.join(" and ", expected)
                                + ", found field '" + name + "'" + hint);
            }
        }
    }

    private static String text(Path file, String field, JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw bad(file, field + ": expected a string, found " + kind(node));
        }
        return node.asText();
    }

    private static String kind(JsonNode node) {
        return node == null || node.isMissingNode()
                ? "nothing"
                : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static IllegalArgumentException bad(Path file, String message) {
        return new IllegalArgumentException(file + ": " + message);
    }
}
