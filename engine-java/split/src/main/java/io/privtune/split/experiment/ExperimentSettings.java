package io.privtune.split.experiment;

import io.privtune.core.mechanism.MechanismKind;
import io.privtune.split.qa.QaOptions;
import io.privtune.split.task.ClassificationTask;
import io.privtune.split.task.SquadTask;
import io.privtune.split.task.UtilityMetric;
import java.nio.file.Path;
import java.util.List;

/**
 * One experiment: the task and its data folder, the split model, the fine-tuning budget every cell gets (the same
 * seed and budget, so utility drops compare), the attacker's budget, and the cells. With {@code seeds} N &gt; 1 every cell runs N
 * times, with seeds {@code seed}, {@code seed + 1}, ... ({@link #runs}). {@code task} is a classification task or
 * {@code squad} (extractive QA), which needs {@code qa}, its window layout and evaluation sample ({@code maxLength}
 * being the window length and {@code trainSubset} counting questions); {@code qa} is null for classification.
 */
public record ExperimentSettings(
        String model,
        int splitPoint,
        Path data,
        Path trustpilot,
        Path out,
        int trainSubset,
        int epochs,
        int batchSize,
        float learningRate,
        int maxLength,
        int k,
        long seed,
        AttackSettings attacks,
        List<CellSpec> cells,
        int seeds,
        String task,
        QaOptions qa) {
    /** A classification task: no QA options. */
    public ExperimentSettings(
            String model,
            int splitPoint,
            Path data,
            Path trustpilot,
            Path out,
            int trainSubset,
            int epochs,
            int batchSize,
            float learningRate,
            int maxLength,
            int k,
            long seed,
            AttackSettings attacks,
            List<CellSpec> cells,
            int seeds,
            String task) {
        this(
                model,
                splitPoint,
                data,
                trustpilot,
                out,
                trainSubset,
                epochs,
                batchSize,
                learningRate,
                maxLength,
                k,
                seed,
                attacks,
                cells,
                seeds,
                task,
                null);
    }

    /** SST-2 (the task before tasks existed), {@code seeds} runs per cell. */
    public ExperimentSettings(
            String model,
            int splitPoint,
            Path data,
            Path trustpilot,
            Path out,
            int trainSubset,
            int epochs,
            int batchSize,
            float learningRate,
            int maxLength,
            int k,
            long seed,
            AttackSettings attacks,
            List<CellSpec> cells,
            int seeds) {
        this(
                model,
                splitPoint,
                data,
                trustpilot,
                out,
                trainSubset,
                epochs,
                batchSize,
                learningRate,
                maxLength,
                k,
                seed,
                attacks,
                cells,
                seeds,
                "sst2");
    }

    /** SST-2, one seed per cell. */
    public ExperimentSettings(
            String model,
            int splitPoint,
            Path data,
            Path trustpilot,
            Path out,
            int trainSubset,
            int epochs,
            int batchSize,
            float learningRate,
            int maxLength,
            int k,
            long seed,
            AttackSettings attacks,
            List<CellSpec> cells) {
        this(
                model,
                splitPoint,
                data,
                trustpilot,
                out,
                trainSubset,
                epochs,
                batchSize,
                learningRate,
                maxLength,
                k,
                seed,
                attacks,
                cells,
                1,
                "sst2");
    }

    public ExperimentSettings {
        if (seeds < 1) {
            throw new IllegalArgumentException("experiment: --seeds must be at least 1, found " + seeds);
        }
        if (seed < 0 || seed > Integer.MAX_VALUE - (seeds - 1L)) {
            throw new IllegalArgumentException("experiment: --seed and --seed + --seeds - 1 must lie in [0, "
                    + Integer.MAX_VALUE + "] (a run's seed is its noise key's replicate), found --seed " + seed
                    + " with --seeds " + seeds);
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("experiment: no cells to run");
        }
        if (cells.stream().noneMatch(c -> c.mechanism().equals("none"))) {
            throw new IllegalArgumentException(
                    "experiment: the grid needs a `none` cell, the reference for utility drops");
        }
        cells = List.copyOf(cells);
        if (SquadTask.NAME.equals(task)) {
            requireQa(cells, qa);
        } else {
            ClassificationTask.of(task); // an unknown task is refused here, with the known ones
            if (qa != null) {
                throw new IllegalArgumentException(
                        "experiment: QA options (window layout, evaluation questions) are for --task squad only, not "
                                + task);
            }
        }
    }

    /** Refuses, before any work, a QA grid without its options or with cells that need classes (CTI). */
    private static void requireQa(List<CellSpec> cells, QaOptions qa) {
        if (qa == null) {
            throw new IllegalArgumentException("experiment --task squad: the QA options are missing");
        }
        List<String> needClasses = cells.stream()
                .filter(c -> MechanismKind.of(c.mechanism()).needsCti(c.inEffect()))
                .map(CellSpec::id)
                .toList();
        if (!needClasses.isEmpty()) {
            throw new IllegalArgumentException("experiment --task squad: cell(s) " + String.join(", ", needClasses)
                    + " need class-conditional token statistics (CTI), which extractive QA has no classes for; "
                    + MechanismKind.WITHOUT_CLASSES + ", e.g. --mechanisms dchi,privtune");
        }
    }

    /** Whether the cells fine-tune extractive QA (SQuAD) rather than a classification task. */
    public boolean extractiveQa() {
        return SquadTask.NAME.equals(task);
    }

    /** The task every cell fine-tunes on; its evaluation split is also the victim text of the token attacks. */
    public ClassificationTask classificationTask() {
        return ClassificationTask.of(task); // squad is refused here: callers ask extractiveQa() first
    }

    /** What a cell's utility ({@link CellResult#accuracy}) is: exact match for QA, else accuracy. */
    public UtilityMetric utility() {
        return extractiveQa() ? UtilityMetric.EXACT_MATCH : UtilityMetric.ACCURACY;
    }

    /**
     * What is computed and stored, one result file each: the cells themselves with one seed; with N seeds, every
     * cell's N runs (seed, seed + 1, ...) next to each other, in grid order.
     */
    public List<CellSpec> runs() {
        if (seeds == 1) {
            return cells;
        }
        List<CellSpec> runs = new java.util.ArrayList<>();
        for (CellSpec cell : cells) {
            for (int i = 0; i < seeds; i++) {
                runs.add(cell.withSeed(seed + i));
            }
        }
        return runs;
    }

    /** The seed a run uses: its own in a grid with several seeds, else the experiment's. */
    public long seedOf(CellSpec run) {
        return run.seed() == null ? seed : run.seed();
    }

    /**
     * Which replicate of the noise key a run gets: its seed itself, so seed K's uploads carry the same noise whether
     * it runs in a grid of seeds 0, 1, 2 or alone with {@code --seed K --seeds 1} (a seed index would give a lone
     * seed K replicate 0, seed 0's noise again).
     */
    public int replicateOf(CellSpec run) {
        return Math.toIntExact(seedOf(run));
    }

    /** What a stored cell must agree on to be reused: everything but the list of cells. */
    String identity() {
        return String.join(
                        "|",
                        model,
                        Integer.toString(splitPoint),
                        Integer.toString(trainSubset),
                        Integer.toString(epochs),
                        Integer.toString(batchSize),
                        Float.toString(learningRate),
                        Integer.toString(maxLength),
                        Integer.toString(k),
                        Long.toString(seed),
                        attacks.identity())
                // SST-2 grids keep the identity they had before tasks existed, so their stored cells are reused
                + (task.equals("sst2") ? "" : "|task " + task)
                + (qa == null ? "" : "|qa " + qa); // another window layout or evaluation sample is another grid
    }
}
