package io.privtune.split.deploy;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.privtune.core.backend.CpuBackend;
import io.privtune.core.progress.Progress;
import io.privtune.split.demo.Sst2TestData;
import io.privtune.split.train.FineTuneSettings;
import io.privtune.split.train.NoiseSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A small real run for the deployment tests: 96 SST-2 sentences, batches of 16, MiniLM split at m = 2, dchi. */
final class DeploymentFixture {
    static final String TOKEN = "test-token-0123456789abcdef";
    /** The cloud's own seed; a restarted cloud must use the same one to end where an uninterrupted run does. */
    static final long CLOUD_SEED = 0;

    private DeploymentFixture() {}

    static FineTuneSettings settings(Path data, long seed) {
        FineTuneSettings d = FineTuneSettings.defaults(data, data.resolve("unused"));
        return new FineTuneSettings(
                d.model(),
                2,
                "dchi",
                Map.of("eta", "100"),
                data,
                1,
                16,
                1e-4f,
                0.1f,
                0.01f,
                0.1f,
                32,
                0,
                16,
                seed,
                0,
                2,
                0,
                d.out(),
                false);
    }

    static Path data(Path folder) throws IOException {
        return Sst2TestData.copy(folder, 96, 48);
    }

    /** A cloud admitting one device, "default", with {@link #TOKEN} (what --token gives). */
    static CloudServer cloud(int port, Path state, List<ServerInterceptor> audit, int maxMessageBytes) {
        return cloud(port, state, audit, maxMessageBytes, DeviceCredentials.sharedToken(TOKEN));
    }

    static CloudServer cloud(
            int port, Path state, List<ServerInterceptor> audit, int maxMessageBytes, DeviceCredentials devices) {
        return CloudServer.start(
                port,
                state,
                SelfSignedCertificate.ensure(state.resolveSibling("tls")),
                devices,
                CLOUD_SEED,
                maxMessageBytes,
                audit);
    }

    /** Credentials for devices given as id, token, id, token, ... */
    static DeviceCredentials devices(String... idsAndTokens) {
        List<DeviceCredentials.Device> devices = new java.util.ArrayList<>();
        for (int i = 0; i < idsAndTokens.length; i += 2) {
            devices.add(new DeviceCredentials.Device(idsAndTokens[i], DeviceCredentials.sha256(idsAndTokens[i + 1])));
        }
        return new DeviceCredentials(devices);
    }

    static DeviceTrainer.Connection connection(int port, Path tls, String session) {
        return new DeviceTrainer.Connection("localhost:" + port, tls.resolve("cert.pem"), TOKEN, session, 200, 150);
    }

    static DeviceTrainer device() {
        return new DeviceTrainer(CpuBackend.INSTANCE, Progress.SILENT);
    }

    /** A device run with the device's secret key in {dir}/device (one key for every session of a test, so runs compare). */
    static DeviceTrainer.Result train(Path dir, FineTuneSettings settings, DeviceTrainer.Connection connection) {
        Path state = dir.resolve("device");
        return device().run(settings, connection, NoiseSettings.secret(state.resolve("noise.key")), state, false);
    }

    /** Records every request message the cloud receives. */
    static final class Tap implements ServerInterceptor {
        final List<Object> messages = new CopyOnWriteArrayList<>();

        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                    next.startCall(call, headers)) {
                @Override
                public void onMessage(Q message) {
                    messages.add(message);
                    super.onMessage(message);
                }
            };
        }
    }
}
