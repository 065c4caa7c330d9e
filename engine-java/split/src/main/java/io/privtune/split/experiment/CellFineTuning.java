package io.privtune.split.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.progress.Progress;
import io.privtune.split.qa.QaFineTuner;
import io.privtune.split.qa.QaSummary;
import io.privtune.split.train.FineTuneSettings;
import io.privtune.split.train.FineTuneSummary;
import io.privtune.split.train.NoiseSettings;
import io.privtune.split.train.PrivateFineTuner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cell's fine-tuning for utility, in the cell's folder (claimed for the experiment and noise key, so that work under
 * other settings is never reused): the classification tuner, or the QA tuner for extractive QA. A finished
 * summary.json is reused; the classification tuner also resumes from its checkpoint.
 */
final class CellFineTuning {
    private static final Logger LOG = LoggerFactory.getLogger(CellFineTuning.class);

    private final ComputeBackend backend;
    private final Progress progress;

    CellFineTuning(ComputeBackend backend, Progress progress) {
        this.backend = backend;
        this.progress = progress;
    }

    /**
     * A cell's utility: its score ({@link CellResult#accuracy}: accuracy, or exact match for QA), the median effective
     * eta of its training uploads (NaN where the tuner does not measure it), further metrics, and the per-example
     * outcomes of the score.
     */
    record Utility(double score, double medianEffectiveEta, Map<String, Double> metrics, String outcomes) {}

    /** The cell's fine-tuning, by its task's tuner. */
    Utility run(ExperimentSettings s, NoiseSettings noise, CellSpec cell) {
        return s.extractiveQa() ? fineTuneQa(s, noise, cell) : fineTune(s, noise, cell);
    }

    /** A classification cell's fine-tuning: reuses a finished summary, resumes from a checkpoint, or starts. */
    private Utility fineTune(ExperimentSettings s, NoiseSettings noise, CellSpec cell) {
        Path folder = cellFolder(s, cell, noise);
        FineTuneSummary summary = finished(folder, FineTuneSummary.class);
        if (summary == null) {
            summary = new PrivateFineTuner(backend, progress)
                    .run(
                            fineTuneSettings(
                                    s, cell, folder, Files.isRegularFile(folder.resolve("checkpoint.safetensors"))),
                            noise);
        }
        Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        // the metric unbalanced tasks decide by; summaries written before it existed have no task and no macro-F1
        if (summary.task() != null && Double.isFinite(summary.devMacroF1())) {
            metrics.put(ExperimentRunner.MACRO_F1, summary.devMacroF1());
        }
        if (summary.devMajorityRate() > 0) { // 0: a summary from before it was kept
            metrics.put(ExperimentRunner.MAJORITY_RATE, summary.devMajorityRate());
        }
        return new Utility(summary.devAccuracy(), summary.medianEffectiveEta(), metrics, summary.devCorrect());
    }

    /**
     * A QA cell's fine-tuning ({@link QaFineTuner}): reuses a finished summary, else starts; the QA tuner keeps no
     * checkpoint, so a stopped cell fine-tunes again from the start. Exact match is the score, F1 a metric.
     */
    private Utility fineTuneQa(ExperimentSettings s, NoiseSettings noise, CellSpec cell) {
        Path folder = cellFolder(s, cell, noise);
        QaSummary summary = finished(folder, QaSummary.class);
        if (summary == null) {
            summary = new QaFineTuner(backend, progress).run(fineTuneSettings(s, cell, folder, false), s.qa(), noise);
        }
        return new Utility(
                summary.exactMatch(), Double.NaN, Map.of(ExperimentRunner.QA_F1, summary.f1()), summary.exactMatches());
    }

    /** The cell's folder, claimed for this experiment and noise key (a cell's work under another key is never reused). */
    private static Path cellFolder(ExperimentSettings s, CellSpec cell, NoiseSettings noise) {
        Path folder = s.out().resolve("cells").resolve(cell.id());
        String parameters = cell.effectiveParameters();
        claim(
                folder,
                s.identity() + " | noise " + noise.identity(noise.key())
                        + (parameters.isEmpty() ? "" : " | parameters " + parameters));
        return folder;
    }

    /** The cell's finished summary.json, or null when there is none (or it cannot be read: fine-tune again). */
    private static <T> T finished(Path folder, Class<T> type) {
        Path summaryFile = folder.resolve("summary.json");
        if (!Files.isRegularFile(summaryFile)) {
            return null;
        }
        try {
            T done = new ObjectMapper().readValue(summaryFile.toFile(), type);
            LOG.info("  fine-tuning already done: " + summaryFile);
            return done;
        } catch (IOException e) {
            LOG.warn("  unreadable " + summaryFile + " (" + e.getMessage() + "): fine-tuning again");
            return null;
        }
    }

    /** The cell's fine-tuning settings: the experiment's budget, the cell's mechanism and seed, in its folder. */
    private static FineTuneSettings fineTuneSettings(ExperimentSettings s, CellSpec cell, Path folder, boolean resume) {
        FineTuneSettings base = FineTuneSettings.defaults(s.data(), folder);
        return new FineTuneSettings(
                        s.model(),
                        s.splitPoint(),
                        cell.mechanism(),
                        cell.parameters(),
                        s.data(),
                        s.epochs(),
                        s.batchSize(),
                        s.learningRate(),
                        base.warmupRatio(),
                        base.weightDecay(),
                        base.dropout(),
                        s.maxLength(),
                        s.trainSubset(),
                        s.k(),
                        s.seedOf(cell),
                        0,
                        base.checkpointEvery(),
                        0,
                        folder,
                        resume)
                .withTask(s.task(), s.data());
    }

    /** Marks a cell folder with the experiment's settings, refusing one that holds another experiment's work. */
    private static void claim(Path folder, String identity) {
        Path marker = folder.resolve("settings.txt");
        try {
            if (Files.isRegularFile(marker)) {
                String found = Files.readString(marker).strip();
                if (!found.equals(identity)) {
                    throw new IllegalArgumentException(folder + " holds a run with other settings (" + found + ", now "
                            + identity + "); use another --out folder"
                            + AttackSettings.oneReleaseHint(identity, found));
                }
                return;
            }
            Files.createDirectories(folder);
            Files.writeString(marker, identity + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + folder + ": " + e.getMessage(), e);
        }
    }
}
