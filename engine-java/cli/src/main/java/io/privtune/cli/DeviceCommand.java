package io.privtune.cli;

import io.privtune.split.deploy.DeviceTrainer;
import io.privtune.split.train.FineTuneSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "device",
        mixinStandardHelpOptions = true,
        description = "The device side of split fine-tuning.",
        subcommands = {DeviceCommand.Train.class})
final class DeviceCommand {
    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "Tokenizer, bottom model and mechanism here; perturbed representations, masks and labels stream to --cloud. "
                            + "Reconnects and resumes after a cloud restart; evaluates on the task's evaluation split through the cloud at the end "
                            + "(accuracy and macro-F1).")
    static final class Train implements Callable<Integer> {
        @Mixin
        BackendOption backend = new BackendOption();

        @Option(names = "--cloud", required = true, description = "HOST:PORT of ./privtune cloud serve")
        String cloud;

        @Option(names = "--trust", required = true, description = "the cloud's PEM certificate (its --state/cert.pem)")
        Path trust;

        @Option(
                names = "--token",
                description = "this device's bearer token, from cloud add-device (default: $PRIVTUNE_TOKEN)")
        String token;

        @Option(
                names = "--session",
                defaultValue = "device-1",
                description = "session id; the same id resumes (default: ${DEFAULT-VALUE})")
        String session;

        @Option(names = "--mechanism", defaultValue = "privtune", description = "(default: ${DEFAULT-VALUE})")
        String mechanism;

        @Mixin
        MechanismParameterOptions mechanismParameters = new MechanismParameterOptions();

        @Option(names = "--split", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
        int split;

        @Mixin
        TaskOption task = new TaskOption();

        @Option(names = "--train-subset", defaultValue = "20000", description = "(default: ${DEFAULT-VALUE})")
        int trainSubset;

        @Option(names = "--epochs", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--batch-size", defaultValue = "32", description = "(default: ${DEFAULT-VALUE})")
        int batchSize;

        @Option(
                names = "--lora",
                defaultValue = "0",
                description = "the cloud trains rank-r LoRA adapters (query, value) and the head, "
                        + "its top frozen; 0 = the whole top (default: ${DEFAULT-VALUE})")
        int loraRank;

        @Option(
                names = "--checkpoint-every",
                defaultValue = "200",
                description = "cloud checkpoint interval in steps (default: ${DEFAULT-VALUE})")
        int checkpointEvery;

        @Option(
                names = "--seed",
                defaultValue = "0",
                description =
                        "fine-tuning seed: training sample, top-model initialisation, dropout; never the noise (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(
                names = "--state",
                defaultValue = "out/device",
                description =
                        "the device's own state: noise.key (secret, "
                                + "owner-only) and which key each session used; never give it to the cloud (default: ${DEFAULT-VALUE})")
        Path state;

        @Mixin
        NoiseKeyOptions noise = new NoiseKeyOptions();

        @Option(
                names = "--insecure-research-seed",
                description = "allow --noise-seed here: the cloud could then regenerate and "
                        + "remove all noise (tests and demos only)")
        boolean insecureResearchSeed;

        @Option(
                names = "--epoch-noise",
                defaultValue = "same",
                description =
                        "same: an example's upload is identical in every epoch "
                                + "(one release); fresh: new noise per epoch (eta composes over epochs) (default: ${DEFAULT-VALUE})")
        String epochNoise;

        /** The run's settings from the flags; an unknown task or a bad value fails here, before any connection. */
        FineTuneSettings settings() {
            Path data = task.data();
            FineTuneSettings d = FineTuneSettings.defaults(data, Path.of("out/device"));
            FineTuneSettings s = new FineTuneSettings(
                    d.model(),
                    split,
                    mechanism,
                    mechanismParameters.overrides(),
                    data,
                    epochs,
                    batchSize,
                    d.learningRate(),
                    d.warmupRatio(),
                    d.weightDecay(),
                    d.dropout(),
                    d.maxLength(),
                    trainSubset,
                    d.k(),
                    seed,
                    loraRank,
                    checkpointEvery,
                    0,
                    d.out(),
                    false,
                    task.name);
            s.classificationTask(); // the deployment trains classification heads: squad is refused here
            return s;
        }

        @Override
        public Integer call() {
            String bearer = token != null ? token : System.getenv("PRIVTUNE_TOKEN");
            if (bearer == null) {
                throw new IllegalArgumentException("no bearer token: pass --token or set PRIVTUNE_TOKEN");
            }
            FineTuneSettings settings = settings();
            DeviceTrainer.Result result = new DeviceTrainer(backend.get(), ConsoleProgress::new)
                    .run(
                            settings,
                            new DeviceTrainer.Connection(cloud, trust, bearer, session, 1000, 120),
                            noise.settings(state.resolve("noise.key"), EpochNoiseOption.parse(epochNoise)),
                            state,
                            insecureResearchSeed);
            System.out.printf(
                    Locale.ROOT,
                    "%n%s (%s) through the cloud: accuracy %.2f%%, macro-F1 %.2f%% (%d steps, %d reconnects, %.0f s)%n",
                    settings.task(),
                    settings.classificationTask().evaluationSplit(),
                    100 * result.devAccuracy(),
                    100 * result.devMacroF1(),
                    result.steps(),
                    result.reconnects(),
                    result.seconds());
            return 0;
        }
    }
}
