package io.privtune.split.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.privtune.split.deploy.wire.EvaluateRequest;
import io.privtune.split.deploy.wire.OpenRequest;
import io.privtune.split.deploy.wire.RunSettings;
import io.privtune.split.deploy.wire.SaveRequest;
import io.privtune.split.deploy.wire.SplitTrainingGrpc;
import io.privtune.split.deploy.wire.TrainReply;
import io.privtune.split.deploy.wire.TrainRequest;
import io.privtune.split.deploy.wire.Upload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad or hostile request is refused with a status that says why, and the session's state is
 * untouched: from strangers, from other devices with valid tokens of their own, and bad credentials files.
 */
class HostileInputTest {
    private static final String OTHER_TOKEN = "another-device-token-9876543210";

    private static Path dir;
    private static CloudServer cloud;
    private static ManagedChannel channel;
    private static SplitTrainingGrpc.SplitTrainingBlockingStub stub;
    private static SplitTrainingGrpc.SplitTrainingBlockingStub otherDevice;

    private static final RunSettings SETTINGS = RunSettings.newBuilder()
            .setModel("all-minilm-l6-v2")
            .setSplitPoint(2)
            .setClasses(2)
            .setTotalSteps(10)
            .setWarmupSteps(1)
            .setLearningRate(1e-4f)
            .setWeightDecay(0.01f)
            .setDropout(0.1f)
            .setCheckpointEvery(100)
            .build();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("privtune-hostile");
        cloud = DeploymentFixture.cloud(
                0,
                dir.resolve("state"),
                List.of(),
                1 << 20,
                DeploymentFixture.devices("default", DeploymentFixture.TOKEN, "device-b", OTHER_TOKEN));
        channel = DeviceTrainer.channel(DeploymentFixture.connection(cloud.port(), dir.resolve("tls"), "s"));
        stub = SplitTrainingGrpc.newBlockingStub(channel)
                .withCallCredentials(BearerAuth.client(DeploymentFixture.TOKEN));
        otherDevice = SplitTrainingGrpc.newBlockingStub(channel).withCallCredentials(BearerAuth.client(OTHER_TOKEN));
        stub.open(OpenRequest.newBuilder().setSession("s").setSettings(SETTINGS).build());
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        cloud.kill();
    }

    private static Upload upload(int batch, int length, int hidden, float value) {
        Upload.Builder u = Upload.newBuilder().setBatch(batch).setLength(length).setHidden(hidden);
        for (int i = 0; i < batch * length * hidden; i++) {
            u.addRepresentations(value * ((i % 7) - 3));
        }
        for (int i = 0; i < batch * length; i++) {
            u.addMask(1f);
        }
        return u.build();
    }

    private static TrainRequest train(String session, long sequence, Upload upload, int... labels) {
        TrainRequest.Builder r = TrainRequest.newBuilder()
                .setSession(session)
                .setSequence(sequence)
                .setUpload(upload);
        for (int l : labels) {
            r.addLabels(l);
        }
        return r.build();
    }

    private static void refused(Status.Code code, String mentions, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(
                e.getStatus().getDescription() != null
                        && e.getStatus().getDescription().contains(mentions),
                e.getStatus().toString());
    }

    @Test
    void refusesBadAuthUnknownSessionsWrongShapesNanOversizeAndDisorder() {
        SplitTrainingGrpc.SplitTrainingBlockingStub stranger = SplitTrainingGrpc.newBlockingStub(channel)
                .withCallCredentials(BearerAuth.client("not-the-token-at-all"));
        refused(
                Status.Code.UNAUTHENTICATED,
                "wrong bearer token",
                () -> stranger.train(train("s", 1, upload(2, 4, 384, 0.1f), 0, 1)));
        refused(
                Status.Code.UNAUTHENTICATED,
                "missing",
                () -> SplitTrainingGrpc.newBlockingStub(channel).train(train("s", 1, upload(2, 4, 384, 0.1f), 0, 1)));
        refused(
                Status.Code.NOT_FOUND,
                "unknown session 'ghost'",
                () -> stub.train(train("ghost", 1, upload(2, 4, 384, 0.1f), 0, 1)));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "upload.hidden: expected the model width 384, found 100",
                () -> stub.train(train("s", 1, upload(2, 4, 100, 0.1f), 0, 1)));
        Upload truncated =
                upload(2, 4, 384, 0.1f).toBuilder().clearMask().addMask(1f).build();
        refused(Status.Code.INVALID_ARGUMENT, "upload.mask", () -> stub.train(train("s", 1, truncated, 0, 1)));
        Upload poisoned = upload(2, 4, 384, 0.1f).toBuilder()
                .setRepresentations(17, Float.NaN)
                .build();
        refused(
                Status.Code.INVALID_ARGUMENT,
                "upload.representations[17] is NaN",
                () -> stub.train(train("s", 1, poisoned, 0, 1)));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "labels[1] is 7",
                () -> stub.train(train("s", 1, upload(2, 4, 384, 0.1f), 0, 7)));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "labels: expected 2",
                () -> stub.train(train("s", 1, upload(2, 4, 384, 0.1f), 0)));
        refused(
                Status.Code.RESOURCE_EXHAUSTED,
                "",
                () -> stub.train(train("s", 1, upload(8, 128, 384, 0.1f), 0, 1, 0, 1, 0, 1, 0, 1)));
        refused(
                Status.Code.FAILED_PRECONDITION,
                "expected sequence 1, found 3",
                () -> stub.train(train("s", 3, upload(2, 4, 384, 0.1f), 0, 1)));
        refused(
                Status.Code.FAILED_PRECONDITION,
                "other settings",
                () -> stub.open(OpenRequest.newBuilder()
                        .setSession("s")
                        .setSettings(SETTINGS.toBuilder().setDropout(0.2f))
                        .build()));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "settings.classes: expected 2..1024, found 2000000000",
                () -> stub.open(open(
                        "huge-head",
                        SETTINGS.toBuilder().setClasses(2_000_000_000).build())));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "need classes >= 2",
                () -> stub.open(
                        open("one-class", SETTINGS.toBuilder().setClasses(1).build())));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "session",
                () -> stub.open(OpenRequest.newBuilder()
                        .setSession("../../etc")
                        .setSettings(SETTINGS)
                        .build()));

        // none of that touched the session: batch 1 is still the next, and a repeat is answered, not applied again
        TrainReply first = stub.train(train("s", 1, upload(2, 4, 384, 0.1f), 0, 1));
        assertFalse(first.getDuplicate());
        TrainReply again = stub.train(train("s", 1, upload(2, 4, 384, 0.1f), 0, 1));
        assertTrue(again.getDuplicate());
        assertEquals(List.of(1L), cloud.applied().get("s"));
    }

    private static OpenRequest open(String session, RunSettings settings) {
        return OpenRequest.newBuilder()
                .setSession(session)
                .setSettings(settings)
                .build();
    }

    private static EvaluateRequest evaluate(String session) {
        return EvaluateRequest.newBuilder()
                .setSession(session)
                .setUpload(upload(2, 4, 384, 0.1f))
                .addLabels(0)
                .addLabels(1)
                .build();
    }

    private static SaveRequest save(String session) {
        return SaveRequest.newBuilder().setSession(session).build();
    }

    @Test
    void anotherDeviceCannotTouchASessionWithItsOwnValidToken() {
        assertEquals(0, stub.open(open("owned", SETTINGS)).getLastApplied());
        assertFalse(stub.train(train("owned", 1, upload(2, 4, 384, 0.1f), 0, 1)).getDuplicate());

        String denied = "session 'owned' belongs to another device";
        refused(Status.Code.PERMISSION_DENIED, denied, () -> otherDevice.open(open("owned", SETTINGS)));
        // other settings too: the owner check comes first, so nothing about the session's own settings leaks
        refused(
                Status.Code.PERMISSION_DENIED,
                denied,
                () -> otherDevice.open(
                        open("owned", SETTINGS.toBuilder().setClasses(3).build())));
        refused(
                Status.Code.PERMISSION_DENIED,
                denied,
                () -> otherDevice.train(train("owned", 2, upload(2, 4, 384, 0.1f), 0, 1)));
        refused(Status.Code.PERMISSION_DENIED, denied, () -> otherDevice.evaluate(evaluate("owned")));
        refused(Status.Code.PERMISSION_DENIED, denied, () -> otherDevice.save(save("owned")));

        // the owner's session is as it was: batch 1 applied, no checkpoint written (every 100 steps), batch 2 still the
        // next
        assertEquals(List.of(1L), cloud.applied().get("owned"));
        assertFalse(
                Files.exists(dir.resolve("state/owned.safetensors")), "the other device's Save wrote no checkpoint");
        assertEquals(1, stub.open(open("owned", SETTINGS)).getLastApplied());
        assertFalse(
                stub.train(train("owned", 2, upload(2, 4, 384, 0.1f), 0, 1)).getDuplicate(),
                "the other device's batch 2 was not applied");
        assertEquals(2, stub.evaluate(evaluate("owned")).getExamples());

        // the other device works on its own session, which the first cannot touch in turn
        assertEquals(0, otherDevice.open(open("b-own", SETTINGS)).getLastApplied());
        assertFalse(otherDevice
                .train(train("b-own", 1, upload(2, 4, 384, 0.1f), 0, 1))
                .getDuplicate());
        assertEquals(1, otherDevice.save(save("b-own")).getStep());
        refused(
                Status.Code.PERMISSION_DENIED,
                "session 'b-own' belongs to another device",
                () -> stub.train(train("b-own", 2, upload(2, 4, 384, 0.1f), 0, 1)));
        // a session nobody opened is not called someone else's
        refused(Status.Code.NOT_FOUND, "unknown session 'nobody'", () -> otherDevice.save(save("nobody")));
    }

    @Test
    void aRestartedCloudStillKnowsWhoOwnsEachSession(@TempDir Path folder) {
        Path credentials = folder.resolve("devices.json");
        String tokenA = CredentialsFile.addDevice(credentials, "device-a");
        String tokenB = CredentialsFile.addDevice(credentials, "device-b");
        Path state = folder.resolve("state");
        RunSettings settings = SETTINGS.toBuilder().setCheckpointEvery(1).build();
        try (CloudServer first =
                DeploymentFixture.cloud(0, state, List.of(), 1 << 20, CredentialsFile.load(credentials))) {
            ManagedChannel c =
                    DeviceTrainer.channel(DeploymentFixture.connection(first.port(), folder.resolve("tls"), "kept"));
            try {
                SplitTrainingGrpc.SplitTrainingBlockingStub a =
                        SplitTrainingGrpc.newBlockingStub(c).withCallCredentials(BearerAuth.client(tokenA));
                a.open(open("kept", settings));
                a.train(train("kept", 1, upload(2, 4, 384, 0.1f), 0, 1));
                a.open(open("unsaved", settings)); // opened, never trained: no checkpoint, only its owner on record
            } finally {
                c.shutdownNow();
            }
        }
        try (CloudServer second =
                DeploymentFixture.cloud(0, state, List.of(), 1 << 20, CredentialsFile.load(credentials))) {
            ManagedChannel c =
                    DeviceTrainer.channel(DeploymentFixture.connection(second.port(), folder.resolve("tls"), "kept"));
            try {
                SplitTrainingGrpc.SplitTrainingBlockingStub a =
                        SplitTrainingGrpc.newBlockingStub(c).withCallCredentials(BearerAuth.client(tokenA));
                SplitTrainingGrpc.SplitTrainingBlockingStub b =
                        SplitTrainingGrpc.newBlockingStub(c).withCallCredentials(BearerAuth.client(tokenB));
                String denied = "session 'kept' belongs to another device";
                // before the owner re-opens it: the record under --state answers
                refused(
                        Status.Code.PERMISSION_DENIED,
                        denied,
                        () -> b.train(train("kept", 2, upload(2, 4, 384, 0.1f), 0, 1)));
                refused(Status.Code.PERMISSION_DENIED, denied, () -> b.open(open("kept", settings)));
                refused(
                        Status.Code.PERMISSION_DENIED,
                        "session 'unsaved' belongs to another device",
                        () -> b.open(open("unsaved", settings)));
                assertEquals(
                        1, a.open(open("kept", settings)).getLastApplied(), "the owner resumes from its checkpoint");
                refused(Status.Code.PERMISSION_DENIED, denied, () -> b.save(save("kept")));
                refused(Status.Code.PERMISSION_DENIED, denied, () -> b.evaluate(evaluate("kept")));
                assertFalse(
                        a.train(train("kept", 2, upload(2, 4, 384, 0.1f), 0, 1)).getDuplicate());
                assertEquals(List.of(2L), second.applied().get("kept"));
            } finally {
                c.shutdownNow();
            }
        }
    }

    @Test
    void credentialsFilesRoundTripThroughAddDeviceAndBadOnesAreNamed(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("cloud/devices.json");
        String a = CredentialsFile.addDevice(file, "device-a");
        String b = CredentialsFile.addDevice(file, "device.b_2");
        assertEquals(32, Base64.getUrlDecoder().decode(a).length, "32 random bytes: " + a);
        assertFalse(a.equals(b));
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        String written = Files.readString(file);
        assertFalse(written.contains(a) || written.contains(b), "the file keeps no token: " + written);
        assertTrue(written.contains(HexFormat.of().formatHex(DeviceCredentials.sha256(a))), written);
        DeviceCredentials loaded = CredentialsFile.load(file);
        assertEquals(Optional.of("device-a"), loaded.deviceFor(a));
        assertEquals(Optional.of("device.b_2"), loaded.deviceFor(b));
        assertEquals(Optional.empty(), loaded.deviceFor(a + "x"));

        IllegalArgumentException again =
                assertThrows(IllegalArgumentException.class, () -> CredentialsFile.addDevice(file, "device-a"));
        assertTrue(
                again.getMessage().startsWith(file + ": ")
                        && again.getMessage().contains("'device-a' is already there"),
                again.getMessage());
        assertEquals(written, Files.readString(file), "a refused add-device leaves the file as it was");
        IllegalArgumentException badId =
                assertThrows(IllegalArgumentException.class, () -> CredentialsFile.addDevice(file, "no spaces"));
        assertTrue(
                badId.getMessage().contains("--device: expected 1-64 of [A-Za-z0-9._-], found 'no spaces'"),
                badId.getMessage());

        String hash = "\"" + "ab".repeat(32) + "\"";
        String otherHash = "\"" + "cd".repeat(32) + "\"";
        badFile(folder, "missing.json", null, "no such credentials file");
        badFile(folder, "truncated.json", "{\"devices\": [", "not valid JSON");
        badFile(folder, "list.json", "[]", "expected a JSON object {\"devices\": [...]}, found array");
        badFile(
                folder,
                "object.json",
                "{\"devices\": {}}",
                "devices: expected an array of {\"id\", \"token_sha256\"}, found object");
        badFile(folder, "empty.json", "{\"devices\": []}", "devices: expected at least one device, found none");
        badFile(
                folder,
                "token.json",
                "{\"devices\": [{\"id\": \"a\", \"token\": \"secret\"}]}",
                "devices[0]: expected only id and token_sha256, found field 'token'");
        badFile(
                folder,
                "number.json",
                "{\"devices\": [{\"id\": 7, \"token_sha256\": " + hash + "}]}",
                "devices[0].id: expected a string, found number");
        badFile(
                folder,
                "id.json",
                "{\"devices\": [{\"id\": \"a/b\", \"token_sha256\": " + hash + "}]}",
                "devices[0].id: expected 1-64 of [A-Za-z0-9._-], found 'a/b'");
        badFile(
                folder,
                "short.json",
                "{\"devices\": [{\"id\": \"a\", \"token_sha256\": \"abc123\"}]}",
                "devices[0].token_sha256: expected 64 hex digits (SHA-256 of the token), found 'abc123' (6 characters)");
        badFile(
                folder,
                "twice.json",
                "{\"devices\": [{\"id\": \"a\", \"token_sha256\": " + hash + "}, {\"id\": \"a\", \"token_sha256\": "
                        + otherHash + "}]}",
                "devices[1].id: expected a unique id, found 'a' again (also devices[0])");
        badFile(
                folder,
                "shared.json",
                "{\"devices\": [{\"id\": \"a\", \"token_sha256\": " + hash + "}, {\"id\": \"b\", \"token_sha256\": "
                        + hash + "}]}",
                "devices[1].token_sha256: expected a unique hash, found the same as devices[0]");
        badFile(
                folder,
                "key-twice.json",
                "{\"devices\": [{\"id\": \"a\", \"id\": \"b\", \"token_sha256\": " + hash + "}]}",
                "not valid JSON");
    }

    /** {@code content} (null: no file) is refused by load with one line that names the file and says {@code mentions}. */
    private static void badFile(Path folder, String name, String content, String mentions) throws Exception {
        Path file = folder.resolve(name);
        if (content != null) {
            Files.writeString(file, content);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CredentialsFile.load(file));
        assertTrue(
                e.getMessage().startsWith(file + ": ")
                        && e.getMessage().contains(mentions)
                        && !e.getMessage().contains("\n"),
                e.getMessage());
    }
}
