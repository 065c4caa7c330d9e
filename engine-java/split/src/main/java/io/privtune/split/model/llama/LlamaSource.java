package io.privtune.split.model.llama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A decoder named on the command line, with its tokenizer: {@code stories260K} (the shipped model under
 * ../shared/models), a Hugging Face Llama folder (config.json, model.safetensors) or a llama2.c folder (one
 * model .bin). The tokenizer is in the same folder: llama2.c's format ({@code tokenizer.bin} or {@code tok*.bin}),
 * else a Hugging Face {@code tokenizer.json}.
 */
public record LlamaSource(String name, LlamaWeights weights, LmTokenizer tokenizer) {
    public static final Path SHIPPED = Path.of("../shared/models/stories260K");

    public static LlamaSource resolve(String model) {
        Path folder = model.equals("stories260K") ? SHIPPED : Path.of(model);
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("model '" + model + "': " + folder
                    + " is not a folder (expected stories260K, a Hugging Face Llama folder or a llama2.c folder)");
        }
        LlamaWeights weights;
        if (Files.isRegularFile(folder.resolve("config.json"))) {
            weights = HfLlamaCheckpoint.read(folder);
        } else {
            List<Path> models = list(folder, p -> !isTokenizer(p));
            if (models.size() != 1) {
                throw new IllegalArgumentException("model folder " + folder
                        + ": expected config.json (Hugging Face) or exactly one llama2.c model .bin, found "
                        + models.stream().map(p -> p.getFileName().toString()).toList());
            }
            weights = Llama2cCheckpoint.read(models.get(0));
        }
        List<Path> tokenizers = list(folder, LlamaSource::isTokenizer);
        LmTokenizer tokenizer;
        if (tokenizers.size() == 1) {
            tokenizer =
                    Llama2cTokenizer.read(tokenizers.get(0), weights.config().vocab());
        } else if (tokenizers.isEmpty() && Files.isRegularFile(folder.resolve("tokenizer.json"))) {
            tokenizer = HfLmTokenizer.read(folder, weights.config().vocab());
        } else {
            throw new IllegalArgumentException("model folder " + folder
                    + ": expected one tokenizer (llama2.c's tokenizer.bin or tok*.bin, or a Hugging Face"
                    + " tokenizer.json), found "
                    + tokenizers.stream().map(p -> p.getFileName().toString()).toList());
        }
        String name = model.equals("stories260K")
                ? model
                : folder.toAbsolutePath().normalize().getFileName().toString();
        return new LlamaSource(name, weights, tokenizer);
    }

    private static boolean isTokenizer(Path p) {
        String name = p.getFileName().toString();
        return name.equals("tokenizer.bin") || (name.startsWith("tok") && name.endsWith(".bin"));
    }

    private static List<Path> list(Path folder, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".bin"))
                    .filter(Files::isRegularFile)
                    .filter(keep)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model folder " + folder, e);
        }
    }
}
