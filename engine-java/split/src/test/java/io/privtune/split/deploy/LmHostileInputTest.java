package io.privtune.split.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.privtune.split.deploy.wire.LmActivations;
import io.privtune.split.deploy.wire.LmBackwardReply;
import io.privtune.split.deploy.wire.LmBackwardRequest;
import io.privtune.split.deploy.wire.LmForwardRequest;
import io.privtune.split.deploy.wire.LmInferRequest;
import io.privtune.split.deploy.wire.LmOpenRequest;
import io.privtune.split.deploy.wire.LmRunSettings;
import io.privtune.split.deploy.wire.OpenRequest;
import io.privtune.split.deploy.wire.RunSettings;
import io.privtune.split.deploy.wire.SplitLmTrainingGrpc;
import io.privtune.split.deploy.wire.SplitTrainingGrpc;
import io.privtune.split.model.llama.Stories260kGreedyTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every bad or hostile request of the decoder protocol is refused with a status that names the problem, before it
 * reaches a model, and the session's state is untouched: wrong float counts and shapes, non-finite values, steps out
 * of order, strangers and other devices with valid tokens of their own.
 */
class LmHostileInputTest {
    private static final String OTHER_TOKEN = "another-device-token-9876543210";
    private static final int D = 64; // stories260K's width

    private static Path dir;
    private static CloudServer cloud;
    private static ManagedChannel channel;
    private static SplitLmTrainingGrpc.SplitLmTrainingBlockingStub stub;
    private static SplitLmTrainingGrpc.SplitLmTrainingBlockingStub otherDevice;
    private static LmRunSettings settings;

    @BeforeAll
    static void start() throws Exception {
        settings = LmRunSettings.newBuilder()
                .setModel(Stories260kGreedyTest.folder().toString())
                .setSplitPoint(1)
                .setTailBlocks(1)
                .setTotalSteps(10)
                .setWarmupSteps(1)
                .setLearningRate(1e-3f)
                .setWeightDecay(0.01f)
                .build();
        dir = Files.createTempDirectory("privtune-lm-hostile");
        cloud = DeploymentFixture.cloud(
                0,
                dir.resolve("state"),
                List.of(),
                1 << 20,
                DeploymentFixture.devices("default", DeploymentFixture.TOKEN, "device-b", OTHER_TOKEN));
        channel = DeviceTrainer.channel(DeploymentFixture.connection(cloud.port(), dir.resolve("tls"), "s"));
        stub = SplitLmTrainingGrpc.newBlockingStub(channel)
                .withCallCredentials(BearerAuth.client(DeploymentFixture.TOKEN));
        otherDevice = SplitLmTrainingGrpc.newBlockingStub(channel).withCallCredentials(BearerAuth.client(OTHER_TOKEN));
        assertEquals(D, stub.open(open("s", settings)).getWidth());
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        cloud.kill();
    }

    private static LmOpenRequest open(String session, LmRunSettings settings) {
        return LmOpenRequest.newBuilder()
                .setSession(session)
                .setSettings(settings)
                .build();
    }

    private static LmActivations upload(int windows, int length, int width, float value) {
        LmActivations.Builder u =
                LmActivations.newBuilder().setWindows(windows).setLength(length).setWidth(width);
        for (int i = 0; i < windows * length * width; i++) {
            u.addValues(value * ((i % 7) - 3));
        }
        return u.build();
    }

    private static LmForwardRequest forward(String session, long sequence, LmActivations upload) {
        return LmForwardRequest.newBuilder()
                .setSession(session)
                .setSequence(sequence)
                .setUpload(upload)
                .build();
    }

    private static LmBackwardRequest backward(String session, long sequence, int floats, float value) {
        LmBackwardRequest.Builder r =
                LmBackwardRequest.newBuilder().setSession(session).setSequence(sequence);
        for (int i = 0; i < floats; i++) {
            r.addGradient(value * ((i % 5) - 2));
        }
        return r.build();
    }

    private static LmInferRequest infer(String session) {
        return LmInferRequest.newBuilder()
                .setSession(session)
                .setUpload(upload(2, 4, D, 0.1f))
                .build();
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
    void refusesWrongShapesNonFiniteValuesAndStepsOutOfOrder() {
        int floats = 2 * 4 * D;
        refused(
                Status.Code.UNAUTHENTICATED,
                "wrong bearer token",
                () -> SplitLmTrainingGrpc.newBlockingStub(channel)
                        .withCallCredentials(BearerAuth.client("not-the-token-at-all"))
                        .forward(forward("s", 1, upload(2, 4, D, 0.1f))));
        refused(
                Status.Code.NOT_FOUND,
                "unknown LM session 'ghost'",
                () -> stub.forward(forward("ghost", 1, upload(2, 4, D, 0.1f))));
        // shapes and values
        refused(
                Status.Code.INVALID_ARGUMENT,
                "upload.values: expected 512 floats (windows x length x width), found 511",
                () -> stub.forward(forward(
                        "s",
                        1,
                        upload(2, 4, D, 0.1f).toBuilder()
                                .clearValues()
                                .addAllValues(upload(1, 511, 1, 0.1f).getValuesList())
                                .build())));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "upload.width: expected the model width 64, found 32",
                () -> stub.forward(forward("s", 1, upload(2, 4, 32, 0.1f))));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "upload.length: expected 1..512 (the model's context), found 513",
                () -> stub.forward(forward("s", 1, upload(1, 513, D, 0.1f))));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "upload.windows: expected 1..1024, found 0",
                () -> stub.forward(forward("s", 1, upload(0, 4, D, 0.1f))));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "upload.values[17] is NaN",
                () -> stub.forward(forward(
                        "s",
                        1,
                        upload(2, 4, D, 0.1f).toBuilder()
                                .setValues(17, Float.NaN)
                                .build())));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "upload.values[3] is -Infinity",
                () -> stub.infer(infer("s").toBuilder()
                        .setUpload(upload(2, 4, D, 0.1f).toBuilder().setValues(3, Float.NEGATIVE_INFINITY))
                        .build()));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "sequence: expected >= 1, found 0",
                () -> stub.forward(forward("s", 0, upload(2, 4, D, 0.1f))));
        // order
        refused(
                Status.Code.FAILED_PRECONDITION,
                "Backward for sequence 1 without its Forward",
                () -> stub.backward(backward("s", 1, floats, 0.01f)));
        refused(
                Status.Code.FAILED_PRECONDITION,
                "Forward out of order: expected sequence 1 (last applied 0), found 3",
                () -> stub.forward(forward("s", 3, upload(2, 4, D, 0.1f))));

        float[] output =
                floats(stub.forward(forward("s", 1, upload(2, 4, D, 0.1f))).getOutput());
        assertEquals(floats, output.length);
        assertArrayEquals(
                output,
                floats(stub.forward(forward("s", 1, upload(2, 4, D, 0.1f))).getOutput()),
                "a resent Forward is answered from the pending pass");
        refused(
                Status.Code.FAILED_PRECONDITION,
                "the forward pass of sequence 1 is pending: send its Backward first (found a Forward for sequence 2)",
                () -> stub.forward(forward("s", 2, upload(2, 4, D, 0.1f))));
        refused(
                Status.Code.FAILED_PRECONDITION,
                "found a Forward for sequence 1 with other floats",
                () -> stub.forward(forward("s", 1, upload(2, 4, D, 0.2f))));
        refused(
                Status.Code.FAILED_PRECONDITION,
                "Backward out of order: the pending Forward is sequence 1, found 2",
                () -> stub.backward(backward("s", 2, floats, 0.01f)));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "gradient: expected 512 floats (windows x length x width of Forward 1), found 100",
                () -> stub.backward(backward("s", 1, 100, 0.01f)));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "gradient[5] is Infinity",
                () -> stub.backward(backward("s", 1, floats, 0.01f).toBuilder()
                        .setGradient(5, Float.POSITIVE_INFINITY)
                        .build()));
        // inference leaves the pending pass alone
        assertEquals(floats, stub.infer(infer("s")).getOutput().getValuesCount());

        // none of that touched the session: the pending pass takes its gradient, once
        LmBackwardReply applied = stub.backward(backward("s", 1, floats, 0.01f));
        assertFalse(applied.getDuplicate());
        assertEquals(1, applied.getStep());
        LmBackwardReply again = stub.backward(backward("s", 1, floats, 0.01f));
        assertTrue(again.getDuplicate());
        assertEquals(1, again.getStep());
        assertEquals(List.of(1L), cloud.lmApplied().get("s"));
        refused(
                Status.Code.FAILED_PRECONDITION,
                "Forward out of order: expected sequence 2 (last applied 1), found 1",
                () -> stub.forward(forward("s", 1, upload(2, 4, D, 0.1f))));
        assertEquals(1, stub.open(open("s", settings)).getLastApplied());
    }

    @Test
    void refusesUnsoundSettingsByField() {
        refused(
                Status.Code.INVALID_ARGUMENT,
                "settings.split_point: expected 0..3 (5 blocks, 1 on the device's tail, at least one on the cloud), found 4",
                () -> stub.open(
                        open("bad-split", settings.toBuilder().setSplitPoint(4).build())));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "settings.tail_blocks: expected 1..4",
                () -> stub.open(
                        open("bad-tail", settings.toBuilder().setTailBlocks(0).build())));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "settings.model: model 'no-such-model'",
                () -> stub.open(open(
                        "bad-model",
                        settings.toBuilder().setModel("no-such-model").build())));
        refused(
                Status.Code.INVALID_ARGUMENT,
                "need total_steps >= 1",
                () -> stub.open(open(
                        "bad-lr",
                        settings.toBuilder().setLearningRate(Float.NaN).build())));
        refused(
                Status.Code.FAILED_PRECONDITION,
                "session 's' is open with other settings",
                () -> stub.open(
                        open("s", settings.toBuilder().setLearningRate(2e-3f).build())));
        refused(Status.Code.INVALID_ARGUMENT, "session", () -> stub.open(open("../../etc", settings)));
        assertFalse(Files.exists(dir.resolve("state/bad-split.owner")), "an unsound Open claims no session id");
    }

    @Test
    void anotherDeviceCannotTouchASessionWithItsOwnValidToken() {
        assertEquals(0, stub.open(open("owned", settings)).getLastApplied());
        String denied = "session 'owned' belongs to another device";
        refused(Status.Code.PERMISSION_DENIED, denied, () -> otherDevice.open(open("owned", settings)));
        refused(
                Status.Code.PERMISSION_DENIED,
                denied,
                () -> otherDevice.forward(forward("owned", 1, upload(2, 4, D, 0.1f))));
        refused(Status.Code.PERMISSION_DENIED, denied, () -> otherDevice.backward(backward("owned", 1, 512, 0.01f)));
        refused(Status.Code.PERMISSION_DENIED, denied, () -> otherDevice.infer(infer("owned")));
        // the owner records are shared with the encoder service: the id is the first device's there too
        refused(
                Status.Code.PERMISSION_DENIED,
                denied,
                () -> SplitTrainingGrpc.newBlockingStub(channel)
                        .withCallCredentials(BearerAuth.client(OTHER_TOKEN))
                        .open(OpenRequest.newBuilder()
                                .setSession("owned")
                                .setSettings(RunSettings.newBuilder().setModel("all-minilm-l6-v2"))
                                .build()));

        // the owner's session is as it was: step 1 is still the next
        stub.forward(forward("owned", 1, upload(2, 4, D, 0.1f)));
        assertFalse(stub.backward(backward("owned", 1, 512, 0.01f)).getDuplicate());
        assertEquals(List.of(1L), cloud.lmApplied().get("owned"));
        // and the other device's own session is out of the first's reach
        assertEquals(0, otherDevice.open(open("b-own", settings)).getLastApplied());
        refused(
                Status.Code.PERMISSION_DENIED,
                "session 'b-own' belongs to another device",
                () -> stub.infer(infer("b-own")));
    }

    private static float[] floats(LmActivations a) {
        float[] out = new float[a.getValuesCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getValues(i);
        }
        return out;
    }
}
