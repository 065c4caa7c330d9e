package io.privtune.examples;

import io.privtune.core.backend.CpuBackend;
import io.privtune.core.progress.Progress;
import io.privtune.split.train.FineTuneSettings;
import io.privtune.split.train.FineTuneSummary;
import io.privtune.split.train.NoiseSettings;
import io.privtune.split.train.PrivateFineTuner;
import java.nio.file.Path;
import java.util.Map;

/**
 * Private split fine-tuning through the API, without the CLI: MiniLM split at m = 2, PrivTune between the
 * device's bottom and the top model. Run: {@code java ... io.privtune.examples.SplitFineTuning SST2_DIR OUT_DIR}
 * (SST2_DIR holds GLUE's train.tsv and dev.tsv).
 */
public final class SplitFineTuning {
    private SplitFineTuning() {}

    public static void main(String[] args) {
        Path sst2 = Path.of(args.length > 0 ? args[0] : "../shared/data/sst2");
        Path out = Path.of(args.length > 1 ? args[1] : "out/example-finetune");
        FineTuneSummary summary = run(sst2, out, 2000);
        System.out.printf(
                "dev accuracy %.2f %%, macro-F1 %.2f %% after %d steps; %s%n",
                100 * summary.devAccuracy(), 100 * summary.devMacroF1(), summary.steps(), summary.privacyStatement());
    }

    public static FineTuneSummary run(Path sst2, Path out, int trainSentences) {
        // tag::finetune[]
        // bottom = embeddings + layers 1..2 on the device; budget: sentences, epochs, batch size, max tokens
        FineTuneSettings settings = FineTuneSettings.builder(sst2, out)
                .model("all-minilm-l6-v2", 2)
                .mechanism("privtune", Map.of("eta", "100", "kappa", "0.7"))
                .budget(trainSentences, 1, 16, 32)
                .build();
        // the device's secret key, created on first use
        NoiseSettings noise = NoiseSettings.secret(out.resolve("noise.key"));
        FineTuneSummary summary = new PrivateFineTuner(CpuBackend.INSTANCE, Progress.SILENT).run(settings, noise);
        // summary.devAccuracy(), summary.privacyStatement(); out/ holds summary.json and the checkpoint
        // end::finetune[]
        return summary;
    }
}
