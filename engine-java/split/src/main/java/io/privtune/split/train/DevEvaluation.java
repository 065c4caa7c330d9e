package io.privtune.split.train;

import io.privtune.core.progress.Progress;
import io.privtune.split.data.LabelledText;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.task.ClassificationScore;
import io.privtune.split.text.Encoding;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Dev accuracy, macro-F1 and loss with the mechanism applied as in training, for the in-process tuner and for the
 * device of a two-process run alike: batches of similar length (little padding; order does not change
 * accuracy; ties in a key-drawn order, so the upload order reveals nothing of the data set's), each dev
 * text in release 0 (the attacks read exactly these uploads), each batch scored by whoever holds the top model.
 */
public final class DevEvaluation {
    private DevEvaluation() {}

    /**
     * One batch's correct predictions and summed loss, which rows were right and the class predicted for each
     * (batch order; null when unknown, e.g. a cloud that predates predictions on the wire).
     */
    public record BatchScore(long correct, double lossSum, boolean[] hits, int[] predicted) {
        public BatchScore(long correct, double lossSum) {
            this(correct, lossSum, null, null);
        }

        public BatchScore(long correct, double lossSum, boolean[] hits) {
            this(correct, lossSum, hits, null);
        }

        /**
         * As {@link #of(int[], int[], double)} for predictions from a party that is not trusted (the cloud's
         * Evaluate reply): each must be a class index of the task, else the batch fails naming the value.
         */
        public static BatchScore of(int[] predicted, int[] labels, double lossSum, int classes) {
            for (int p : predicted) {
                if (p < 0 || p >= classes) {
                    throw new IllegalStateException("the cloud's Evaluate reply predicts class " + p + ", outside 0.."
                            + (classes - 1) + " (the task has " + classes + " classes)");
                }
            }
            return of(predicted, labels, lossSum);
        }

        /** A batch scored from its predictions: correctness and hits follow from them. */
        public static BatchScore of(int[] predicted, int[] labels, double lossSum) {
            boolean[] hits = new boolean[labels.length];
            long correct = 0;
            for (int i = 0; i < labels.length; i++) {
                hits[i] = predicted[i] == labels[i];
                correct += hits[i] ? 1 : 0;
            }
            return new BatchScore(correct, lossSum, hits, predicted);
        }
    }

    /**
     * Accuracy, mean loss per example, which dev rows were classified right and the class predicted for each
     * (the rows' order; null when a scorer did not say), and macro-F1 over those predictions (NaN without them).
     */
    public record Result(double accuracy, double loss, boolean[] hits, int[] predicted, double macroF1) {
        public Result(double accuracy, double loss, boolean[] hits) {
            this(accuracy, loss, hits, null, Double.NaN);
        }
    }

    /** The top model's side: scores one perturbed batch against its labels. */
    @FunctionalInterface
    public interface Scorer {
        BatchScore score(DeviceSide.Upload upload, PaddedBatch batch, int[] labels);
    }

    /** @return {accuracy, mean loss per example, macro-F1 (NaN when the scorer gave no predictions)} */
    public static double[] run(
            DeviceSide device,
            List<Encoding> text,
            List<LabelledText> rows,
            int batchSize,
            Progress progress,
            String taskName,
            Scorer scorer) {
        Result r = evaluate(device, text, rows, batchSize, progress, taskName, scorer);
        return new double[] {r.accuracy(), r.loss(), r.macroF1()};
    }

    /** As {@link #run}, keeping each row's correctness (for the experiment's bootstrap intervals). */
    public static Result evaluate(
            DeviceSide device,
            List<Encoding> text,
            List<LabelledText> rows,
            int batchSize,
            Progress progress,
            String taskName,
            Scorer scorer) {
        boolean[] hits = new boolean[rows.size()];
        boolean allHits = true;
        int[] predicted = new int[rows.size()];
        boolean allPredicted = true;
        long correct = 0;
        double lossSum = 0;
        int batches = (rows.size() + batchSize - 1) / batchSize;
        long[] nonce =
                text.stream().mapToLong(e -> device.textNonce(e.ids(), 0)).toArray();
        int[] byLength = IntStream.range(0, rows.size())
                .boxed()
                .sorted(Comparator.comparingInt((Integer i) -> text.get(i).length())
                        .thenComparingLong(i -> nonce[i]))
                .mapToInt(Integer::intValue)
                .toArray();
        try (Progress.Task task = progress.start(taskName, batches, "batches")) {
            for (int b = 0; b < batches; b++) {
                int[] index = Arrays.copyOfRange(byLength, b * batchSize, Math.min(rows.size(), (b + 1) * batchSize));
                PaddedBatch batch = PaddedBatch.of(BatchRows.texts(text, index));
                DeviceSide.Upload upload = device.prepare(batch, 0);
                BatchScore score = scorer.score(upload, batch, BatchRows.labels(rows, index));
                correct += score.correct();
                lossSum += score.lossSum();
                if (score.hits() == null) {
                    allHits = false;
                } else {
                    for (int i = 0; i < index.length; i++) {
                        hits[index[i]] = score.hits()[i];
                    }
                }
                if (score.predicted() == null) {
                    allPredicted = false;
                } else {
                    for (int i = 0; i < index.length; i++) {
                        predicted[index[i]] = score.predicted()[i];
                    }
                }
                task.advance(b + 1, batches);
            }
        }
        double macroF1 = allPredicted
                ? ClassificationScore.of(
                                rows.stream().mapToInt(LabelledText::label).toArray(), predicted)
                        .macroF1()
                : Double.NaN;
        return new Result(
                (double) correct / rows.size(),
                lossSum / rows.size(),
                allHits ? hits : null,
                allPredicted ? predicted : null,
                macroF1);
    }
}
