package io.privtune.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./privtune}. */
@Command(
        name = "privtune",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Private split fine-tuning: PrivTune perturbation of token representations, on the JVM.",
        subcommands = {
            DemoCommand.class,
            FinetuneCommand.class,
            ExperimentCommand.class,
            LmExperimentCommand.class,
            GenerateCommand.class,
            PerturbCommand.class,
            GraphCommand.class,
            CloudCommand.class,
            DeviceCommand.class
        })
public final class PrivTuneCli {
    public static void main(String[] args) {
        // DJL (tokenizers) must never try the network, and keeps its natives in our cache folder.
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty(
                    "DJL_CACHE_DIR",
                    io.privtune.core.model.CacheDirectory.resolve("djl").toString());
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error policy: bad input is one line naming the problem, exit code 2. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PrivTuneCli());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException
                    || e instanceof java.io.UncheckedIOException) {
                line.getErr().println("privtune: " + e.getMessage());
                line.getErr().flush();
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
