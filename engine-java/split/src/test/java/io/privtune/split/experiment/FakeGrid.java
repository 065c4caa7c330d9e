package io.privtune.split.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A grid whose cells cost nothing, for tests of who computes which cell (the claims, not the science). */
final class FakeGrid {
    private FakeGrid() {}

    /** {@code none} and {@code cells - 1} dchi cells, in {@code out}. */
    static ExperimentSettings settings(Path out, int cells) {
        return settings(out, cells, 1);
    }

    /** As above, each cell run under {@code seeds} seeds. */
    static ExperimentSettings settings(Path out, int cells, int seeds) {
        List<CellSpec> grid = new ArrayList<>(List.of(CellSpec.parse("none")));
        for (int i = 1; i < cells; i++) {
            grid.add(CellSpec.parse("dchi:eta=" + i));
        }
        return settings(out, grid, seeds);
    }

    static ExperimentSettings settings(Path out, List<CellSpec> grid, int seeds) {
        return settings(out, grid, seeds, AttackSettings.defaults());
    }

    /** The default attackers' budget with {@code patience}, {@code naiveEpochs} and {@code fresh} noise. */
    static AttackSettings attacks(int patience, int naiveEpochs, boolean fresh) {
        AttackSettings d = AttackSettings.defaults();
        return new AttackSettings(
                d.auxiliarySentences(),
                d.inversionEpochs(),
                d.optimisationSentences(),
                d.optimisationSteps(),
                d.optimisationRate(),
                d.attributeTexts(),
                d.keywords(),
                d.maxLength(),
                patience,
                d.heldOut(),
                d.contextualEpochs(),
                d.contextualHidden(),
                d.contextualSentences(),
                fresh,
                naiveEpochs);
    }

    /** As above, with {@code attacks} for the attackers' budget. */
    static ExperimentSettings settings(Path out, List<CellSpec> grid, int seeds, AttackSettings attacks) {
        return new ExperimentSettings(
                "fake-model",
                2,
                Path.of("unused"),
                Path.of("unused"),
                out,
                64,
                1,
                16,
                1e-4f,
                32,
                16,
                0,
                attacks,
                grid,
                seeds);
    }

    /** {@code s} with seeds {@code seed}, {@code seed + 1}, ... ({@code seeds} of them). */
    static ExperimentSettings seeds(ExperimentSettings s, long seed, int seeds) {
        return new ExperimentSettings(
                s.model(),
                s.splitPoint(),
                s.data(),
                s.trustpilot(),
                s.out(),
                s.trainSubset(),
                s.epochs(),
                s.batchSize(),
                s.learningRate(),
                s.maxLength(),
                s.k(),
                seed,
                s.attacks(),
                s.cells(),
                seeds,
                s.task(),
                s.qa());
    }

    /** MiniLM at m = 2 with a 192-token window on {@code task}, with {@code qa} (null for classification), in {@code out}. */
    static ExperimentSettings qa(Path out, String task, io.privtune.split.qa.QaOptions qa, List<CellSpec> cells) {
        return new ExperimentSettings(
                "all-minilm-l6-v2",
                2,
                Path.of("unused"),
                Path.of("unused"),
                out,
                2000,
                1,
                16,
                1e-4f,
                192,
                16,
                0,
                AttackSettings.defaults(),
                cells,
                1,
                task,
                qa);
    }

    /** A made-up result for {@code cell}, stored the way the runner stores a real one. */
    static void store(ExperimentSettings s, CellSpec cell) {
        int position = s.runs().indexOf(cell);
        CellResult result = new CellResult(
                cell.id(),
                cell.mechanism(),
                cell.parameters(),
                cell.parameters(),
                s.seedOf(cell),
                0.8 - 0.01 * position,
                Double.NaN,
                "fake",
                0,
                0,
                Map.of("knn.top1", 1.0 / (1 + position)),
                s.identity(),
                "research seed 0 (test)",
                cell.base().id(),
                null);
        ExperimentRunner.write(result, ExperimentRunner.cellFile(s, cell));
    }

    /**
     * A made-up run of {@code cell} with per-example outcomes: {@code accuracy} of 400 dev sentences right,
     * {@code metrics} each over 600 tokens, every run's hits shuffled by its seed; {@code extra} metrics have none.
     */
    static CellResult withOutcomes(
            ExperimentSettings s,
            CellSpec run,
            double accuracy,
            Map<String, Double> metrics,
            Map<String, Double> extra) {
        java.util.SplittableRandom random =
                new java.util.SplittableRandom(s.seedOf(run) * 31 + run.base().hashCode());
        Map<String, String> outcomes = new java.util.LinkedHashMap<>();
        outcomes.put(CellResult.ACCURACY, hits(accuracy, 400, random));
        Map<String, Double> values = new java.util.LinkedHashMap<>(extra);
        metrics.forEach((name, rate) -> {
            outcomes.put(name, hits(rate, 600, random));
            values.put(name, io.privtune.split.stats.Outcomes.mean(outcomes.get(name)));
        });
        CellResult result = new CellResult(
                run.id(),
                run.mechanism(),
                run.parameters(),
                run.parameters(),
                s.seedOf(run),
                io.privtune.split.stats.Outcomes.mean(outcomes.get(CellResult.ACCURACY)),
                Double.NaN,
                "fake",
                0,
                0,
                values,
                s.identity(),
                "research seed 0 (test)",
                run.base().id(),
                outcomes);
        ExperimentRunner.write(result, ExperimentRunner.cellFile(s, run));
        return result;
    }

    /** round(rate * n) hits among n, in an order drawn from {@code random}. */
    private static String hits(double rate, int n, java.util.SplittableRandom random) {
        boolean[] hits = new boolean[n];
        int ones = (int) Math.round(rate * n);
        for (int i = 0; i < ones; i++) {
            hits[i] = true;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            boolean t = hits[i];
            hits[i] = hits[j];
            hits[j] = t;
        }
        return io.privtune.split.stats.Outcomes.encode(hits);
    }
}
