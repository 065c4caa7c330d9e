package io.privtune.cli;

import ai.djl.ndarray.NDManager;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.lm.GradientNoise;
import io.privtune.split.lm.LmFineTuneSettings;
import io.privtune.split.lm.LmMechanisms;
import io.privtune.split.lm.LmWeightsFile;
import io.privtune.split.lm.SplitGenerator;
import io.privtune.split.lm.SplitLmFineTuner;
import io.privtune.split.model.llama.DecoderSplit;
import io.privtune.split.model.llama.LlamaSource;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Text from a split decoder through the deployed path: the device perturbs each token's "
                + "representation once, the cloud runs its blocks, the device's tail picks the next token. Greedy by "
                + "default; --weights loads what finetune --task lm trained.")
final class GenerateCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    BackendOption backend = new BackendOption();

    @Option(names = "--model", defaultValue = "stories260K", description = "(default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--split", defaultValue = "1", description = "split point m (default: ${DEFAULT-VALUE})")
    int split;

    @Option(
            names = "--weights",
            paramLabel = "FILE",
            description = "lm-weights.safetensors from finetune --task lm (same model and --split)")
    Path weights;

    @Option(names = "--mechanism", defaultValue = "none", description = "(default: ${DEFAULT-VALUE})")
    String mechanism;

    @picocli.CommandLine.Mixin
    MechanismParameterOptions mechanismParameters = new MechanismParameterOptions();

    @picocli.CommandLine.Mixin
    NoiseKeyOptions noise = new NoiseKeyOptions();

    @Option(names = "--prompt", defaultValue = "Once upon a time", description = "(default: ${DEFAULT-VALUE})")
    String prompt;

    @Option(
            names = "--steps",
            defaultValue = "120",
            description = "positions in all, prompt included, as llama2.c counts (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default: ${DEFAULT-VALUE})")
    float temperature;

    @Option(names = "--seed", defaultValue = "0", description = "sampling seed (default: ${DEFAULT-VALUE})")
    long seed;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (steps < 1 || temperature < 0) {
            throw new IllegalArgumentException(
                    "--steps must be >= 1 and --temperature >= 0, found " + steps + " and " + temperature);
        }
        if (!mechanism.equals("none") && noise.keyFile == null && noise.researchSeed == null) {
            // a fresh key per run would upload the same prompt under independent noise each time: an average away
            throw new IllegalArgumentException("generate --mechanism " + mechanism
                    + " needs --noise-key FILE (e.g. finetune's noise.key) or --noise-seed N, so that a prompt is the"
                    + " same upload in every run");
        }
        LlamaSource source = LlamaSource.resolve(model);
        NoiseKey key = noise.key();
        try (NDManager manager = NDManager.newBaseManager();
                DecoderSplit decoder = new DecoderSplit(source.weights(), source.name(), split, 1, manager)) {
            if (weights != null) {
                LmWeightsFile.load(weights, decoder);
            }
            Mechanism chosen = new LmMechanisms(decoder.bottom(), 16, backend.get(), ConsoleProgress::new)
                    .create(mechanism, MechanismParameters.defaults().with(mechanismParameters.overrides()), key);
            SplitLmFineTuner parts = new SplitLmFineTuner(
                    decoder, chosen, key, 1, new LmFineTuneSettings(1, 1, 1e-3f, 0f, 0f, false, GradientNoise.OFF));
            spec.commandLine()
                    .getOut()
                    .println(new SplitGenerator(parts.device(), parts.cloud(), source.tokenizer())
                            .generate(prompt, steps, temperature, seed));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
