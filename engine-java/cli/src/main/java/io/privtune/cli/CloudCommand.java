package io.privtune.cli;

import io.privtune.split.deploy.CloudServer;
import io.privtune.split.deploy.CredentialsFile;
import io.privtune.split.deploy.DeviceCredentials;
import io.privtune.split.deploy.SelfSignedCertificate;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "cloud",
        mixinStandardHelpOptions = true,
        description = "The cloud side of split fine-tuning.",
        subcommands = {CloudCommand.Serve.class, CloudCommand.AddDevice.class})
final class CloudCommand {
    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "Host and train top models for devices over gRPC (TLS + a bearer token per device); checkpoints per session under --state.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "50051", description = "(default: ${DEFAULT-VALUE})")
        int port;

        @Option(
                names = "--state",
                defaultValue = "out/cloud",
                description =
                        "sessions' checkpoints and owners and, unless given, the TLS certificate (default: ${DEFAULT-VALUE})")
        Path state;

        @Option(
                names = "--credentials",
                description =
                        "the devices admitted: JSON of device ids and token SHA-256s, written by cloud add-device")
        Path credentials;

        @Option(
                names = "--token",
                description =
                        "instead of --credentials: one device, id 'default', with this bearer token (default: $PRIVTUNE_TOKEN)")
        String token;

        @Option(
                names = "--seed",
                defaultValue = "0",
                description = "the cloud's seed for top-model initialisation and dropout (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(
                names = "--tls-cert",
                description = "PEM certificate; default: a self-signed one in --state (cert.pem, give it to devices)")
        Path certificate;

        @Option(names = "--tls-key", description = "PEM PKCS#8 private key for --tls-cert")
        Path key;

        @Option(
                names = "--max-message-mb",
                defaultValue = "64",
                description = "largest accepted message (default: ${DEFAULT-VALUE})")
        int maxMessageMb;

        @Option(
                names = "--metrics-port",
                description = "serve Prometheus metrics at http://HOST:PORT/metrics (off unless given)")
        Integer metricsPort;

        @Option(
                names = "--metrics-host",
                defaultValue = "127.0.0.1",
                description = "address the metrics listen on (default: ${DEFAULT-VALUE})")
        String metricsHost;

        @Option(
                names = "--grace-seconds",
                defaultValue = "30",
                description = "on Ctrl-C/SIGTERM: how long calls in flight may finish "
                        + "before every session is checkpointed and the cloud stops (default: ${DEFAULT-VALUE})")
        long graceSeconds;

        @Override
        public Integer call() throws InterruptedException {
            if ((certificate == null) != (key == null)) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            }
            DeviceCredentials devices = devices();
            SelfSignedCertificate.Pem tls = certificate != null
                    ? new SelfSignedCertificate.Pem(certificate, key)
                    : SelfSignedCertificate.ensure(state);
            CloudServer server = CloudServer.start(port, state, tls, devices, seed, maxMessageMb << 20);
            if (metricsPort != null) {
                System.out.println("metrics at http://" + metricsHost + ":"
                        + server.serveMetrics(metricsHost, metricsPort) + "/metrics");
            }
            System.out.println("devices trust " + tls.certificate().toAbsolutePath()
                    + "; gRPC health at grpc.health.v1; stop with Ctrl-C "
                    + "(sessions are checkpointed on the way out)");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdown(graceSeconds)));
            server.awaitTermination();
            return 0;
        }

        private DeviceCredentials devices() {
            if (credentials != null) {
                if (token != null) {
                    throw new IllegalArgumentException("--credentials and --token are alternatives: give one");
                }
                return CredentialsFile.load(credentials);
            }
            String bearer = token != null ? token : System.getenv("PRIVTUNE_TOKEN");
            if (bearer == null) {
                throw new IllegalArgumentException(
                        "no credentials: pass --credentials FILE (see cloud add-device), or --token or PRIVTUNE_TOKEN for one device");
            }
            return DeviceCredentials.sharedToken(bearer);
        }
    }

    @Command(
            name = "add-device",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "Admit a device: adds its id and token hash to --credentials (created rw-------) and prints its new token, "
                            + "the only time it is shown, alone on standard output. Restart cloud serve to admit it.")
    static final class AddDevice implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--credentials",
                required = true,
                description = "the credentials file cloud serve --credentials reads")
        Path credentials;

        @Option(names = "--device", required = true, description = "the device's id, 1-64 of [A-Za-z0-9._-]")
        String device;

        @Override
        public Integer call() {
            String token = CredentialsFile.addDevice(credentials, device);
            spec.commandLine()
                    .getErr()
                    .println(
                            "device '" + device + "' added to " + credentials
                                    + "; its token follows, shown only now (the file keeps its SHA-256): give it to the device's --token");
            spec.commandLine().getErr().flush();
            spec.commandLine().getOut().println(token);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
