package io.privtune.split.deploy;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The cloud's operational metrics (Micrometer, Prometheus format): batches applied and their step time
 * per session, calls refused per method and status code. Served at {@code /metrics} on a port of its
 * own when asked ({@code cloud serve --metrics-port}); never the content of an upload.
 */
final class CloudMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private HttpServer http;

    /** One batch applied (or answered as a duplicate) for {@code session}, taking {@code nanos}. */
    void trained(String session, boolean duplicate, long nanos) {
        Counter.builder("privtune.batches")
                .description("training batches received, by session and outcome")
                .tag("session", session)
                .tag("outcome", duplicate ? "duplicate" : "applied")
                .register(registry)
                .increment();
        if (!duplicate) {
            Timer.builder("privtune.train.step")
                    .description("one optimiser step on an uploaded batch")
                    .tag("session", session)
                    .register(registry)
                    .record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A call answered with an error status. */
    void refused(String method, Status.Code code) {
        Counter.builder("privtune.refused.calls")
                .description("calls answered with an error, by method and status")
                .tag("method", method)
                .tag("code", code.name())
                .register(registry)
                .increment();
    }

    /** The Prometheus text exposition of every metric. */
    String scrape() {
        return registry.scrape();
    }

    /** Serves {@link #scrape} at http://HOST:port/metrics; returns the bound port (0 picks a free one). */
    int serve(String host, int port) {
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        http.createContext("/metrics", exchange -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
        }
        registry.close();
    }
}
