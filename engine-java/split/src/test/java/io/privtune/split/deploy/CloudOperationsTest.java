package io.privtune.split.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.privtune.split.deploy.wire.SplitTrainingGrpc;
import io.privtune.split.deploy.wire.TrainRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operating the cloud (issue 15): the gRPC health check, Prometheus metrics, and a graceful shutdown that checkpoints. */
class CloudOperationsTest {
    @TempDir
    Path dir;

    @Test
    void healthMetricsAndAShutdownThatCheckpoints() throws Exception {
        Path data = DeploymentFixture.data(dir.resolve("sst2"));
        CloudServer cloud = DeploymentFixture.cloud(0, dir.resolve("cloud"), List.of(), 64 << 20);
        try {
            int metricsPort = cloud.serveMetrics("127.0.0.1", 0);
            DeviceTrainer.Connection connection = DeploymentFixture.connection(cloud.port(), dir.resolve("tls"), "ops");
            ManagedChannel channel = DeviceTrainer.channel(connection);
            try {
                // probes carry no token: the health service answers them
                HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
                        .check(HealthCheckRequest.newBuilder()
                                .setService(SplitTrainingGrpc.SERVICE_NAME)
                                .build());
                assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
                // a refused call is counted
                assertThrows(
                        StatusRuntimeException.class,
                        () -> SplitTrainingGrpc.newBlockingStub(channel)
                                .withCallCredentials(BearerAuth.client(DeploymentFixture.TOKEN))
                                .train(TrainRequest.newBuilder()
                                        .setSession("nobody")
                                        .setSequence(1)
                                        .build()));
            } finally {
                channel.shutdownNow();
            }
            DeviceTrainer.Result result = DeploymentFixture.train(dir, DeploymentFixture.settings(data, 0), connection);
            String metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertTrue(
                    metrics.contains(
                            "privtune_batches_total{outcome=\"applied\",session=\"ops\"} " + (double) result.steps()),
                    metrics);
            assertTrue(
                    metrics.contains("privtune_train_step_seconds_count{session=\"ops\"} " + result.steps()), metrics);
            assertTrue(
                    metrics.contains("privtune_refused_calls_total{code=\"NOT_FOUND\",method=\"Train\"} 1.0"), metrics);
            // the run's last checkpoint removed: only the graceful shutdown can write it again
            Path checkpoint = dir.resolve("cloud/ops.safetensors");
            Files.delete(checkpoint);
        } finally {
            cloud.shutdown(5);
        }
        Path checkpoint = dir.resolve("cloud/ops.safetensors");
        assertTrue(Files.isRegularFile(checkpoint), "the shutdown checkpointed the open session");
        try (var st = io.privtune.core.io.SafetensorsFile.open(checkpoint)) {
            assertEquals("6", st.metadata().get("step"), "with every applied batch");
        }
        assertFalse(Files.exists(dir.resolve("cloud/nobody.safetensors")), "no session was made for a refused call");
    }
}
