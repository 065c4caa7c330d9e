package io.privtune.cli;

import io.privtune.split.deploy.CloudServer;
import io.privtune.split.deploy.SelfSignedCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "cloud", mixinStandardHelpOptions = true, description = "The cloud side of split fine-tuning.",
        subcommands = {CloudCommand.Serve.class})
final class CloudCommand {
    @Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Host and train top models for devices over gRPC (TLS + bearer token); checkpoints per session under --state.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "50051", description = "(default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--state", defaultValue = "out/cloud", description = "sessions' checkpoints and, unless given, the TLS certificate (default: ${DEFAULT-VALUE})")
        Path state;

        @Option(names = "--token", description = "bearer token devices must send (default: $PRIVTUNE_TOKEN)")
        String token;

        @Option(names = "--tls-cert", description = "PEM certificate; default: a self-signed one in --state (cert.pem, give it to devices)")
        Path certificate;

        @Option(names = "--tls-key", description = "PEM PKCS#8 private key for --tls-cert")
        Path key;

        @Option(names = "--max-message-mb", defaultValue = "64", description = "largest accepted message (default: ${DEFAULT-VALUE})")
        int maxMessageMb;

        @Override
        public Integer call() throws InterruptedException {
            String bearer = token != null ? token : System.getenv("PRIVTUNE_TOKEN");
            if (bearer == null) {
                throw new IllegalArgumentException("no bearer token: pass --token or set PRIVTUNE_TOKEN");
            }
            if ((certificate == null) != (key == null)) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            }
            SelfSignedCertificate.Pem tls = certificate != null ? new SelfSignedCertificate.Pem(certificate, key) : SelfSignedCertificate.ensure(state);
            CloudServer server = CloudServer.start(port, state, tls, bearer, maxMessageMb << 20, System.out::println);
            System.out.println("devices trust " + tls.certificate().toAbsolutePath() + "; stop with Ctrl-C");
            Runtime.getRuntime().addShutdownHook(new Thread(server::kill));
            server.awaitTermination();
            return 0;
        }
    }
}
