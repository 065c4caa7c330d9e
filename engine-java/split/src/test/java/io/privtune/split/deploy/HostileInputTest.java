package io.privtune.split.deploy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.privtune.split.deploy.wire.OpenRequest;
import io.privtune.split.deploy.wire.RunSettings;
import io.privtune.split.deploy.wire.SplitTrainingGrpc;
import io.privtune.split.deploy.wire.TrainReply;
import io.privtune.split.deploy.wire.TrainRequest;
import io.privtune.split.deploy.wire.Upload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad or hostile request is refused with a status that says why, and the session's state is untouched. */
class HostileInputTest {
    private static Path dir;
    private static CloudServer cloud;
    private static ManagedChannel channel;
    private static SplitTrainingGrpc.SplitTrainingBlockingStub stub;

    private static final RunSettings SETTINGS = RunSettings.newBuilder().setModel("all-minilm-l6-v2").setSplitPoint(2).setClasses(2)
            .setTotalSteps(10).setWarmupSteps(1).setLearningRate(1e-4f).setWeightDecay(0.01f).setDropout(0.1f).setSeed(0)
            .setCheckpointEvery(100).build();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("privtune-hostile");
        cloud = DeploymentFixture.cloud(0, dir.resolve("state"), List.of(), 1 << 20);
        channel = DeviceTrainer.channel(DeploymentFixture.connection(cloud.port(), dir.resolve("tls"), "s"));
        stub = SplitTrainingGrpc.newBlockingStub(channel).withCallCredentials(BearerAuth.client(DeploymentFixture.TOKEN));
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
        TrainRequest.Builder r = TrainRequest.newBuilder().setSession(session).setSequence(sequence).setUpload(upload);
        for (int l : labels) {
            r.addLabels(l);
        }
        return r.build();
    }

    private static void refused(Status.Code code, String mentions, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription() != null && e.getStatus().getDescription().contains(mentions), e.getStatus().toString());
    }

    @Test
    void refusesBadAuthUnknownSessionsWrongShapesNanOversizeAndDisorder() {
        SplitTrainingGrpc.SplitTrainingBlockingStub stranger = SplitTrainingGrpc.newBlockingStub(channel)
                .withCallCredentials(BearerAuth.client("not-the-token-at-all"));
        refused(Status.Code.UNAUTHENTICATED, "wrong bearer token", () -> stranger.train(train("s", 1, upload(2, 4, 384, 0.1f), 0, 1)));
        refused(Status.Code.UNAUTHENTICATED, "missing", () -> SplitTrainingGrpc.newBlockingStub(channel).train(train("s", 1, upload(2, 4, 384, 0.1f), 0, 1)));
        refused(Status.Code.NOT_FOUND, "unknown session 'ghost'", () -> stub.train(train("ghost", 1, upload(2, 4, 384, 0.1f), 0, 1)));
        refused(Status.Code.INVALID_ARGUMENT, "upload.hidden: expected the model width 384, found 100",
                () -> stub.train(train("s", 1, upload(2, 4, 100, 0.1f), 0, 1)));
        Upload truncated = upload(2, 4, 384, 0.1f).toBuilder().clearMask().addMask(1f).build();
        refused(Status.Code.INVALID_ARGUMENT, "upload.mask", () -> stub.train(train("s", 1, truncated, 0, 1)));
        Upload poisoned = upload(2, 4, 384, 0.1f).toBuilder().setRepresentations(17, Float.NaN).build();
        refused(Status.Code.INVALID_ARGUMENT, "upload.representations[17] is NaN", () -> stub.train(train("s", 1, poisoned, 0, 1)));
        refused(Status.Code.INVALID_ARGUMENT, "labels[1] is 7", () -> stub.train(train("s", 1, upload(2, 4, 384, 0.1f), 0, 7)));
        refused(Status.Code.INVALID_ARGUMENT, "labels: expected 2", () -> stub.train(train("s", 1, upload(2, 4, 384, 0.1f), 0)));
        refused(Status.Code.RESOURCE_EXHAUSTED, "", () -> stub.train(train("s", 1, upload(8, 128, 384, 0.1f), 0, 1, 0, 1, 0, 1, 0, 1)));
        refused(Status.Code.FAILED_PRECONDITION, "expected sequence 1, found 3", () -> stub.train(train("s", 3, upload(2, 4, 384, 0.1f), 0, 1)));
        refused(Status.Code.FAILED_PRECONDITION, "other settings", () -> stub.open(OpenRequest.newBuilder().setSession("s")
                .setSettings(SETTINGS.toBuilder().setSeed(5)).build()));
        refused(Status.Code.INVALID_ARGUMENT, "session", () -> stub.open(OpenRequest.newBuilder().setSession("../../etc").setSettings(SETTINGS).build()));

        // none of that touched the session: batch 1 is still the next, and a repeat is answered, not applied again
        TrainReply first = stub.train(train("s", 1, upload(2, 4, 384, 0.1f), 0, 1));
        assertFalse(first.getDuplicate());
        TrainReply again = stub.train(train("s", 1, upload(2, 4, 384, 0.1f), 0, 1));
        assertTrue(again.getDuplicate());
        assertEquals(List.of(1L), cloud.applied().get("s"));
    }
}
