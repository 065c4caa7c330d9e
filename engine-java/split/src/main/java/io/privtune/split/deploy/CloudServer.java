package io.privtune.split.deploy;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code ./privtune cloud serve}: the split-training service over gRPC with TLS and a bearer token per
 * device, the top models seeded from {@code seed} (the cloud's own, never the device's), messages capped
 * at {@code maxMessageBytes} (a larger one is refused with RESOURCE_EXHAUSTED before it is read), state,
 * checkpoints and session owners under {@code state}.
 */
public final class CloudServer implements AutoCloseable {
    private final Server server;
    private final CloudService service;

    private CloudServer(Server server, CloudService service) {
        this.server = server;
        this.service = service;
    }

    public static CloudServer start(int port, Path state, SelfSignedCertificate.Pem tls, DeviceCredentials credentials, long seed, int maxMessageBytes,
                                    Consumer<String> log) {
        return start(port, state, tls, credentials, seed, maxMessageBytes, log, java.util.List.of());
    }

    /** @param audit interceptors that see every call after authentication (tests read the messages with one) */
    public static CloudServer start(int port, Path state, SelfSignedCertificate.Pem tls, DeviceCredentials credentials, long seed, int maxMessageBytes,
                                    Consumer<String> log, java.util.List<io.grpc.ServerInterceptor> audit) {
        CloudService service = new CloudService(state, seed, log);
        try {
            Server server = NettyServerBuilder.forPort(port)
                    .sslContext(GrpcSslContexts.forServer(tls.certificate().toFile(), tls.privateKey().toFile()).build())
                    .maxInboundMessageSize(maxMessageBytes)
                    .addService(ServerInterceptors.intercept(ServerInterceptors.intercept(service, audit), BearerAuth.server(credentials)))
                    .build()
                    .start();
            log.accept("cloud listening on port " + server.getPort() + " (TLS, " + credentials.devices().size() + " device(s), seed " + seed
                    + "), state in " + state.toAbsolutePath());
            return new CloudServer(server, service);
        } catch (IOException e) {
            service.close();
            throw new UncheckedIOException("cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    public int port() { return server.getPort(); }

    /** The sequence numbers each session applied in this process, for audits and tests. */
    public java.util.Map<String, java.util.List<Long>> applied() {
        java.util.Map<String, java.util.List<Long>> out = new java.util.TreeMap<>();
        service.sessions().forEach((id, s) -> out.put(id, s.appliedThisProcess()));
        return out;
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
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
    }

    @Override
    public void close() {
        kill();
    }
}
