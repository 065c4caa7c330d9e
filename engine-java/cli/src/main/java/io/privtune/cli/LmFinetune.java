package io.privtune.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.privtune.core.io.ReplacedFile;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.lm.GradientNoise;
import io.privtune.split.lm.LmFineTuneSettings;
import io.privtune.split.lm.LmMechanisms;
import io.privtune.split.lm.LmWeightsFile;
import io.privtune.split.lm.SplitGenerator;
import io.privtune.split.lm.SplitLmFineTuner;
import io.privtune.split.lm.TextWindows;
import io.privtune.split.model.llama.DecoderSplit;
import io.privtune.split.model.llama.LlamaSource;
import io.privtune.split.train.NoiseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code finetune --task lm}: the U-shaped split decoder fine-tuned in one process on the device's text, with the
 * flags {@code finetune} shares (model, split, mechanism, epochs, batch size, lr, noise key, epoch noise, out) and
 * defaults of its own where the encoder's would be wrong (stories260K, lr 1e-3, batch 16).
 */
final class LmFinetune {
    static final String TASK = "lm";

    /** The flags only a causal LM has. */
    static final class Options {
        @Option(
                names = "--text",
                paramLabel = "FILE",
                description = "the device's private training text (UTF-8, "
                        + "paragraphs separated by blank lines; default: " + TextWindows.TINYSTORIES_TRAIN + ")")
        Path text;

        @Option(
                names = "--eval-text",
                paramLabel = "FILE",
                description = "held-out text for perplexity (default: " + TextWindows.TINYSTORIES_VAL + ")")
        Path evalText;

        @Option(names = "--window", description = "tokens per training window (default: 128)")
        Integer window;

        @Option(names = "--eval-windows", description = "held-out windows scored (default: 64; 0 = all of --eval-text)")
        Integer evalWindows;

        @Option(
                names = "--grad-noise",
                description = "σ of the Gaussian noise on the gradients the device returns, rows clipped to norm 1 "
                        + "(default: 0 = sent as computed)")
        Double gradientNoise;

        boolean given() {
            return text != null || evalText != null || window != null || evalWindows != null || gradientNoise != null;
        }
    }

    private final FinetuneCommand c;

    LmFinetune(FinetuneCommand command) {
        this.c = command;
    }

    private boolean matched(String option) {
        return c.spec != null && c.spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    int call() throws IOException {
        String model = matched("--model") ? c.model : "stories260K";
        float lr = matched("--lr") ? c.learningRate : 1e-3f;
        int batch = matched("--batch-size") ? c.batchSize : 16;
        int window = c.lm.window != null ? c.lm.window : 128;
        Path text = c.lm.text != null ? c.lm.text : Path.of(TextWindows.TINYSTORIES_TRAIN);
        Path evalText = c.lm.evalText != null ? c.lm.evalText : Path.of(TextWindows.TINYSTORIES_VAL);
        double sigma = c.lm.gradientNoise != null ? c.lm.gradientNoise : 0;
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("--grad-noise must be >= 0 (0 = off), found " + c.lm.gradientNoise);
        }
        if (c.resume || c.maxSteps != 0 || c.loraRank != 0) {
            throw new IllegalArgumentException(
                    "--resume, --max-steps and --lora are not available for --task lm yet (a run is one process)");
        }
        GradientNoise gradientNoise = sigma > 0 ? new GradientNoise(1, sigma) : GradientNoise.OFF;
        NoiseSettings.EpochNoise epochNoise = EpochNoiseOption.parse(c.epochNoise);
        LmFineTuneSettings settings = LmFineTuneSettings.defaults()
                .withEpochs(c.epochs)
                .withBatch(batch)
                .withLearningRate(lr)
                .withFreshNoise(epochNoise == NoiseSettings.EpochNoise.FRESH)
                .withGradientNoise(gradientNoise);
        LlamaSource source = LlamaSource.resolve(model);
        List<int[]> train =
                TextWindows.of(TextWindows.paragraphs(text), source.tokenizer(), window, 0, text.toString());
        List<int[]> eval = TextWindows.of(
                TextWindows.paragraphs(evalText),
                source.tokenizer(),
                window,
                c.lm.evalWindows != null ? c.lm.evalWindows : 64,
                evalText.toString());
        Files.createDirectories(c.out);
        NoiseSettings noise = c.noise.settings(c.out.resolve("noise.key"), epochNoise);
        NoiseKey key = noise.key();
        Map<String, Object> summary = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager();
                DecoderSplit split = new DecoderSplit(source.weights(), source.name(), c.split, 1, manager)) {
            LmMechanisms mechanisms = new LmMechanisms(split.bottom(), 16, c.backend.get(), ConsoleProgress::new);
            Mechanism mechanism = mechanisms.create(
                    c.mechanism, MechanismParameters.defaults().with(c.mechanismParameters.overrides()), key);
            SplitLmFineTuner tuner = new SplitLmFineTuner(split, mechanism, key, train.size(), settings);
            double before = tuner.perplexity(eval);
            SplitLmFineTuner.Result result = tuner.train(train, null, ConsoleProgress::new);
            double after = tuner.perplexity(eval);
            LmWeightsFile.save(c.out.resolve("lm-weights.safetensors"), split);
            String sample = new SplitGenerator(tuner.device(), tuner.cloud(), source.tokenizer())
                    .generate("Once upon a time", 60, 0f, 0);
            System.out.printf(
                    Locale.ROOT,
                    "%nheld-out perplexity %.3f before, %.3f after  (%s, m = %d, mechanism %s, %d windows x %d tokens, "
                            + "%d steps)%n",
                    before,
                    after,
                    source.name(),
                    c.split,
                    mechanism.identity(),
                    train.size(),
                    window,
                    result.steps());
            System.out.println("greedy: " + sample);
            System.out.println(noise.describe(c.epochs));
            summary.put("task", TASK);
            summary.put("model", source.name());
            summary.put("splitPoint", c.split);
            summary.put("mechanism", mechanism.identity());
            summary.put("gradientNoiseSigma", sigma);
            summary.put("trainWindows", train.size());
            summary.put("window", window);
            summary.put("evalWindows", eval.size());
            summary.put("perplexityBefore", before);
            summary.put("perplexityAfter", after);
            summary.put("epochLoss", result.epochLoss());
            summary.put("steps", result.steps());
            summary.put("noise", noise.describe(c.epochs));
            summary.put("greedySample", sample);
        }
        ReplacedFile.write(
                c.out.resolve("summary.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(summary));
        System.out.println(
                "summary: " + c.out.resolve("summary.json").toAbsolutePath().normalize());
        return 0;
    }
}
