package io.privtune.split.qa;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.MechanismKind;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.RunEnvironment;
import io.privtune.split.data.SquadDataset;
import io.privtune.split.internal.store.JsonFile;
import io.privtune.split.model.BertWeights;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.ModelSource;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.model.TopModel;
import io.privtune.split.stats.Outcomes;
import io.privtune.split.task.ClassificationTask;
import io.privtune.split.task.SquadScore;
import io.privtune.split.task.SquadTask;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import io.privtune.split.train.AdamW;
import io.privtune.split.train.BatchPlan;
import io.privtune.split.train.CloudSide;
import io.privtune.split.train.DeviceSide;
import io.privtune.split.train.FineTuneSettings;
import io.privtune.split.train.LearningRateSchedule;
import io.privtune.split.train.LossCurve;
import io.privtune.split.train.MechanismSetup;
import io.privtune.split.train.NoiseSettings;
import io.privtune.split.train.PrivateFineTuner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Private fine-tuning of extractive QA on SQuAD v1.1: the device tokenises each question with its context into
 * windows and runs the frozen bottom and the mechanism on each of a window's texts (the window itself, or its question
 * and context chunk; the same {@link DeviceSide} as every task), and uploads them with the gold start and end
 * positions; the cloud trains the top model's span head. Evaluation perturbs
 * the evaluation windows the same way and scores the best span per question with the official exact match and F1.
 * One process, no checkpoint: {@code --resume} and {@code --max-steps} are for the classification tuner.
 */
public final class QaFineTuner {
    private static final Logger LOG = LoggerFactory.getLogger(QaFineTuner.class);

    private final ComputeBackend backend;
    private final Progress progress;

    public QaFineTuner(ComputeBackend backend, Progress progress) {
        this.backend = backend;
        this.progress = progress;
    }

    public QaSummary run(FineTuneSettings s, QaOptions options, NoiseSettings noise) {
        if (!SquadTask.NAME.equals(s.task())) {
            throw new IllegalArgumentException("the QA tuner runs task squad, not " + s.task());
        }
        if (s.resume() || s.maxSteps() > 0 || s.loraRank() > 0) {
            throw new IllegalArgumentException("--resume, --max-steps and --lora are not available for --task squad");
        }
        ModelSource source = ModelSource.resolve(s.model());
        source.requireSplitPoint(s.splitPoint());
        MechanismParameters parameters = MechanismParameters.defaults().with(s.mechanismParameters());
        if (MechanismKind.of(s.mechanism()).needsCti(parameters)) {
            throw new IllegalArgumentException(s.mechanism() + " with these parameters needs class-conditional token "
                    + "statistics (CTI), which extractive QA has no classes for; " + MechanismKind.WITHOUT_CLASSES);
        }
        QaWindows.requireFits(
                s.maxLength(), options, source.name(), source.shape().maxSequence());
        SquadTask.Splits splits = SquadTask.load(s.data());
        List<SquadDataset.Question> train = trainingQuestions(splits, s.trainSubset(), s.seed());
        List<SquadDataset.Question> evaluation = evaluationQuestions(splits, options);
        List<QaWindow> trainWindows;
        List<QaWindow> evaluationWindows;
        int[] boundary;
        try (WordPieceTokenizer tokenizer = WordPieceTokenizer.openUncut(source.tokenizer())) {
            boundary = tokenizer.boundaryIds();
            QaWindows windows = new QaWindows(tokenizer, boundary, s.maxLength(), options);
            trainWindows = windows.of(train, progress, "windows train");
            evaluationWindows = windows.of(evaluation, progress, "windows evaluation");
        }
        BertWeights weights = source.weights();
        LOG.info(String.format(
                "model %s (%d layers, d = %d), split after layer %d; mechanism %s; task squad: %d training questions "
                        + "(%d windows), %d evaluation questions (%d windows) of %s",
                source.name(),
                weights.shape().layers(),
                weights.shape().hidden(),
                s.splitPoint(),
                s.mechanism(),
                train.size(),
                trainWindows.size(),
                evaluation.size(),
                evaluationWindows.size(),
                SquadTask.evaluationSplit()));
        // under fresh per-epoch noise every epoch sends each text again, under new noise
        int[] releases = contextReleases(
                train, trainWindows, noise.epochNoise() == NoiseSettings.EpochNoise.FRESH ? s.epochs() : 1);
        NoiseKey key = noise.key();
        LOG.info(noise.describe(s.epochs()));
        Engine.getInstance().setRandomSeed((int) s.seed());
        try (NDManager root = NDManager.newBaseManager("PyTorch");
                BottomModel bottom = new BottomModel(weights, s.splitPoint(), root);
                TopModel top = new TopModel(weights, s.splitPoint(), 2, s.dropout(), 0, s.seed(), root)) {
            Mechanism mechanism = MechanismSetup.create(
                    s.mechanism(),
                    parameters,
                    source,
                    bottom,
                    boundary,
                    List.of(), // the training texts and labels feed CTI only, refused above: QA has no classes
                    new int[0],
                    s.k(),
                    backend,
                    key,
                    progress);
            DeviceSide device = new DeviceSide(bottom, mechanism, key);
            BatchPlan plan = new BatchPlan(trainWindows.size(), s.batchSize(), s.epochs(), key, noise.epochNoise());
            long totalSteps = plan.total();
            CloudSide cloud = new CloudSide(
                    top,
                    new AdamW(top.parameters(), s.weightDecay()),
                    new LearningRateSchedule(s.learningRate(), Math.round(totalSteps * s.warmupRatio()), totalSteps));
            LossCurve lossCurve = new LossCurve();
            long started = System.nanoTime();
            long windowsSeen = 0;
            try (Progress.Task task = progress.start("train squad", totalSteps, "batches")) {
                for (long step = 1; step <= totalSteps; step++) {
                    int[] rows = plan.rows(step);
                    List<QaWindow> batchWindows = new ArrayList<>(rows.length);
                    for (int r : rows) {
                        batchWindows.add(trainWindows.get(r));
                    }
                    PaddedBatch batch = batch(batchWindows);
                    DeviceSide.Upload upload = upload(device, batchWindows, batch, plan.release(step));
                    CloudSide.seedDropout(s.seed(), step);
                    double loss = cloud.trainSpanStep(
                            upload,
                            batch,
                            batchWindows.stream().mapToInt(QaWindow::start).toArray(),
                            batchWindows.stream().mapToInt(QaWindow::end).toArray());
                    double smoothed = lossCurve.add(step, loss);
                    windowsSeen += rows.length;
                    task.advance(step, totalSteps);
                    task.message(String.format(
                            "loss %.3f, %.1f windows/s",
                            smoothed, windowsSeen / ((System.nanoTime() - started) / 1e9)));
                }
            }
            double trainSeconds = (System.nanoTime() - started) / 1e9;
            boolean[] exact = new boolean[evaluation.size()];
            double f1 = evaluate(
                    cloud, device, evaluation, evaluationWindows, s.batchSize(), options.maxAnswerTokens(), exact);
            double em = IntStream.range(0, exact.length).filter(q -> exact[q]).count() / (double) exact.length;
            LOG.info(String.format(
                    "squad exact match %.2f%%, F1 %.2f%% on %d questions after %d steps",
                    100 * em, 100 * f1, evaluation.size(), totalSteps));
            QaSummary summary = new QaSummary(
                    source.name(),
                    s.splitPoint(),
                    s.mechanism(),
                    parameters.asMap(),
                    mechanism.privacyStatement(),
                    noise.describe(s.epochs()),
                    em,
                    f1,
                    train.size(),
                    trainWindows.size(),
                    evaluation.size(),
                    evaluationWindows.size(),
                    Arrays.stream(releases).average().orElse(0),
                    Arrays.stream(releases).max().orElse(0),
                    totalSteps,
                    trainSeconds,
                    (double) trainWindows.size() * s.epochs() / Math.max(1e-9, trainSeconds),
                    lossCurve.points(),
                    RunEnvironment.describe(),
                    Outcomes.encode(exact),
                    SquadTask.evaluationSplit());
            JsonFile.write(s.out().resolve("summary.json"), summary);
            return summary;
        }
    }

    /** The questions a run of {@code seed} fine-tunes on: a seeded sample of {@code subset} (0 = all). */
    public static List<SquadDataset.Question> trainingQuestions(SquadTask.Splits splits, int subset, long seed) {
        return PrivateFineTuner.sample(splits.train(), subset, seed);
    }

    /** The questions every run evaluates on: the same fixed sample in every run and seed (the split seed). */
    public static List<SquadDataset.Question> evaluationQuestions(SquadTask.Splits splits, QaOptions options) {
        return PrivateFineTuner.sample(
                splits.evaluation(), options.evaluationQuestions(), ClassificationTask.SPLIT_SEED);
    }

    /** Mean F1 over the questions; {@code exact} receives each question's exact match. */
    private double evaluate(
            CloudSide cloud,
            DeviceSide device,
            List<SquadDataset.Question> questions,
            List<QaWindow> windows,
            int batchSize,
            int maxAnswerTokens,
            boolean[] exact) {
        List<float[]> starts = new ArrayList<>(windows.size());
        List<float[]> ends = new ArrayList<>(windows.size());
        try (Progress.Task task = progress.start("evaluate squad", windows.size(), "windows")) {
            for (int from = 0; from < windows.size(); from += batchSize) {
                List<QaWindow> part = windows.subList(from, Math.min(windows.size(), from + batchSize));
                PaddedBatch batch = batch(part);
                float[][][] logits = cloud.spanLogits(upload(device, part, batch, 0), batch);
                for (int i = 0; i < part.size(); i++) {
                    starts.add(logits[0][i]);
                    ends.add(logits[1][i]);
                }
                task.advance(from + part.size(), windows.size());
            }
        }
        SpanDecoder decoder = new SpanDecoder(maxAnswerTokens);
        double f1Sum = 0;
        int at = 0;
        for (int q = 0; q < questions.size(); q++) {
            int from = at;
            while (at < windows.size() && windows.get(at).question() == q) {
                at++;
            }
            SquadDataset.Question question = questions.get(q);
            SpanDecoder.Span span = decoder.best(
                    windows.subList(from, at), starts.subList(from, at), ends.subList(from, at), question.context());
            List<String> gold =
                    question.answers().stream().map(SquadDataset.Answer::text).toList();
            exact[q] = SquadScore.exactMatch(span.text(), gold) == 1;
            f1Sum += SquadScore.f1(span.text(), gold);
        }
        return f1Sum / questions.size();
    }

    /** The windows as the cloud's top model reads them: each row a whole window, padded. */
    private static PaddedBatch batch(List<QaWindow> windows) {
        return PaddedBatch.of(windows.stream().map(QaWindow::encoding).toList());
    }

    /** What the device sends for {@code windows}: each window's texts perturbed on their own, laid end to end. */
    private static DeviceSide.Upload upload(DeviceSide device, List<QaWindow> windows, PaddedBatch batch, int release) {
        List<Encoding> texts = windows.stream().flatMap(w -> w.texts().stream()).toList();
        return device.prepareJoined(texts, windows.get(0).texts().size(), batch, release);
    }

    /**
     * Per distinct training context token, how many distinct uploads carried it, each under its own noise: a
     * text's upload is the same bytes every time it is sent in one release, so only distinct texts count, each
     * {@code releasesPerText} times (the epochs under fresh per-epoch noise, else 1).
     */
    static int[] contextReleases(List<SquadDataset.Question> questions, List<QaWindow> windows, int releasesPerText) {
        Map<String, Map<Integer, Set<List<Integer>>>> carriers = new HashMap<>();
        for (QaWindow w : windows) {
            Map<Integer, Set<List<Integer>>> ofContext =
                    carriers.computeIfAbsent(questions.get(w.question()).context(), c -> new HashMap<>());
            Encoding contextText = w.texts().get(w.texts().size() - 1); // the window, or its context chunk
            List<Integer> text = Arrays.stream(contextText.ids()).boxed().toList();
            for (int p = 0; p < w.length(); p++) {
                if (w.inContext(p)) {
                    ofContext
                            .computeIfAbsent(w.charStart()[p], k -> new HashSet<>())
                            .add(text);
                }
            }
        }
        return carriers.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToInt(texts -> texts.size() * releasesPerText)
                .toArray();
    }
}
