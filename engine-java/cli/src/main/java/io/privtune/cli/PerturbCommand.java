package io.privtune.cli;

import ai.djl.ndarray.NDManager;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.data.GlueTsv;
import io.privtune.split.data.LabelledText;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.ModelSource;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import io.privtune.split.train.DeviceSide;
import io.privtune.split.train.MechanismSetup;
import io.privtune.split.train.PerturbationExport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "perturb",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Export what the cloud would receive for a text file (one text per line): perturbed representations, "
                        + "attention masks and per-token eta as safetensors, and the true token ids in a separate file, for auditing.")
final class PerturbCommand implements Callable<Integer> {
    private static final int MAX_LENGTH = 128;

    @picocli.CommandLine.Mixin
    BackendOption backend = new BackendOption();

    @Option(names = "--input", required = true, description = "text file, one text per line (blank lines skipped)")
    Path input;

    @Option(names = "--out", defaultValue = "out/perturb", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--model", defaultValue = "all-minilm-l6-v2", description = "(default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--split", defaultValue = "2", description = "split point m (default: ${DEFAULT-VALUE})")
    int split;

    @Option(names = "--mechanism", defaultValue = "privtune", description = "(default: ${DEFAULT-VALUE})")
    String mechanism;

    @picocli.CommandLine.Mixin
    MechanismParameterOptions mechanismParameters = new MechanismParameterOptions();

    @picocli.CommandLine.Mixin
    NoiseKeyOptions noise = new NoiseKeyOptions();

    @Option(
            names = "--data",
            defaultValue = "../shared/data/sst2",
            description = "SST-2 folder, for CTI scores when the mechanism needs them (default: ${DEFAULT-VALUE})")
    Path data;

    @Override
    public Integer call() {
        MechanismParameters p = MechanismParameters.defaults().with(mechanismParameters.overrides());
        NoiseKey key = noise.key();
        List<String> lines;
        try {
            lines = Files.readAllLines(input).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(input + ": cannot read: " + e.getMessage(), e);
        }
        ModelSource source = ModelSource.resolve(model);
        boolean needsCti =
                io.privtune.core.mechanism.MechanismKind.of(mechanism).needsCti(p);
        List<LabelledText> train = needsCti ? GlueTsv.read(data.resolve("train.tsv"), 2, 20000) : List.of();
        try (WordPieceTokenizer tokenizer = WordPieceTokenizer.open(source.tokenizer(), MAX_LENGTH);
                NDManager manager = NDManager.newBaseManager("PyTorch");
                BottomModel bottom = new BottomModel(source.weights(), split, manager)) {
            List<Encoding> texts = lines.stream().map(tokenizer::encode).toList();
            List<Encoding> trainText =
                    train.stream().map(r -> tokenizer.encode(r.text())).toList();
            DeviceSide device = new DeviceSide(
                    bottom,
                    MechanismSetup.create(
                            mechanism,
                            p,
                            source,
                            bottom,
                            tokenizer.boundaryIds(),
                            trainText,
                            train.stream().mapToInt(LabelledText::label).toArray(),
                            16,
                            backend.get(),
                            key,
                            (name, total, unit) -> new ConsoleProgress(name, total, unit)),
                    key);
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("model", source.name());
            metadata.put("split", Integer.toString(split));
            metadata.put("mechanism", mechanism);
            p.asMap().forEach((k, v) -> metadata.put("param." + k, v));
            metadata.put("privacy", device.mechanism().privacyStatement());
            metadata.put("noise", key.describe());
            int tokens = PerturbationExport.write(texts, device, bottom.shape().hidden(), metadata, out);
            System.out.printf(
                    "perturbed %d texts (%d tokens) with %s at m = %d%n", texts.size(), tokens, mechanism, split);
            System.out.println("upload:    "
                    + out.resolve("perturbed.safetensors").toAbsolutePath().normalize());
            System.out.println("noise:     " + key.describe());
            System.out.println("token ids: "
                    + out.resolve("token_ids.safetensors").toAbsolutePath().normalize() + " (keep from the attacker)");
        }
        return 0;
    }
}
