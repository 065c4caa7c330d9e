package io.privtune.split.deploy;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.privtune.split.deploy.wire.SplitLmTrainingGrpc;
import io.privtune.split.deploy.wire.SplitTrainingGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./privtune cloud serve}: the split-training services over gRPC with TLS and a bearer token per
 * device (encoders: SplitTraining; decoders, U-shaped: SplitLmTraining), the top models seeded from {@code seed} (the cloud's own, never the device's), messages capped
 * at {@code maxMessageBytes} (a larger one is refused with RESOURCE_EXHAUSTED before it is read), state,
 * checkpoints and session owners under {@code state}.
 */
public final class CloudServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudServer.class);
    private final Server server;
    private final CloudService service;
    private final LmCloudService lm;
    private final HealthStatusManager health;
    private final CloudMetrics metrics;

    private CloudServer(
            Server server, CloudService service, LmCloudService lm, HealthStatusManager health, CloudMetrics metrics) {
        this.server = server;
        this.service = service;
        this.lm = lm;
        this.health = health;
        this.metrics = metrics;
    }

    public static CloudServer start(
            int port,
            Path state,
            SelfSignedCertificate.Pem tls,
            DeviceCredentials credentials,
            long seed,
            int maxMessageBytes) {
        return start(port, state, tls, credentials, seed, maxMessageBytes, java.util.List.of());
    }

    /** @param audit interceptors that see every call after authentication (tests read the messages with one) */
    public static CloudServer start(
            int port,
            Path state,
            SelfSignedCertificate.Pem tls,
            DeviceCredentials credentials,
            long seed,
            int maxMessageBytes,
            java.util.List<io.grpc.ServerInterceptor> audit) {
        CloudMetrics metrics = new CloudMetrics();
        SessionOwners owners = new SessionOwners(state); // one record of owners for both services
        CloudService service = new CloudService(state, seed, metrics, owners);
        LmCloudService lm = new LmCloudService(owners, metrics);
        HealthStatusManager health = new HealthStatusManager();
        try {
            Server server = NettyServerBuilder.forPort(port)
                    .sslContext(GrpcSslContexts.forServer(
                                    tls.certificate().toFile(), tls.privateKey().toFile())
                            .build())
                    .maxInboundMessageSize(maxMessageBytes)
                    .addService(ServerInterceptors.intercept(
                            ServerInterceptors.intercept(service, audit), BearerAuth.server(credentials)))
                    .addService(ServerInterceptors.intercept( // decoders (split_lm.proto): the same tokens and owners
                            ServerInterceptors.intercept(lm, audit), BearerAuth.server(credentials)))
                    .addService(health.getHealthService()) // grpc.health.v1, open without a token: probes carry none
                    .build()
                    .start();
            health.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
            health.setStatus(SplitTrainingGrpc.SERVICE_NAME, HealthCheckResponse.ServingStatus.SERVING);
            health.setStatus(SplitLmTrainingGrpc.SERVICE_NAME, HealthCheckResponse.ServingStatus.SERVING);
            LOG.info("cloud listening on port " + server.getPort() + " (TLS, "
                    + credentials.devices().size() + " device(s), seed " + seed + "), state in "
                    + state.toAbsolutePath());
            return new CloudServer(server, service, lm, health, metrics);
        } catch (IOException e) {
            service.close();
            lm.close();
            metrics.close();
            throw new UncheckedIOException("cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** The sequence numbers each session applied in this process, for audits and tests. */
    public java.util.Map<String, java.util.List<Long>> applied() {
        java.util.Map<String, java.util.List<Long>> out = new java.util.TreeMap<>();
        service.sessions().forEach((id, s) -> out.put(id, s.appliedThisProcess()));
        return out;
    }

    /** The steps each decoder (LM) session applied in this process. */
    public java.util.Map<String, java.util.List<Long>> lmApplied() {
        java.util.Map<String, java.util.List<Long>> out = new java.util.TreeMap<>();
        lm.sessions().forEach((id, s) -> out.put(id, s.appliedThisProcess()));
        return out;
    }

    /** The open decoder session {@code id}, for tests and audits (null if none). */
    LmCloudSession lmSession(String id) {
        return lm.sessions().get(id);
    }

    /** Serves the Prometheus metrics at http://host:port/metrics; returns the port (0 picks a free one). */
    public int serveMetrics(String host, int port) {
        return metrics.serve(host, port);
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /**
     * Stops gracefully (SIGTERM, Ctrl-C): health turns NOT_SERVING, no new calls are taken, calls in flight
     * finish (up to {@code graceSeconds}), then every session is checkpointed, so nothing applied is lost.
     */
    public void shutdown(long graceSeconds) {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(graceSeconds, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.saveAll();
        service.close();
        lm.close(); // LM sessions are not checkpointed (LmCloudSession)
        metrics.close();
    }

    /** Stops at once, like a killed process: nothing is saved beyond the last checkpoint. */
    public void kill() {
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.close();
        lm.close();
        metrics.close();
    }

    @Override
    public void close() {
        kill();
    }
}
