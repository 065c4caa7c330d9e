package io.privtune.bench;

import io.privtune.core.backend.CpuBackend;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.model.CacheDirectory;
import io.privtune.core.progress.Progress;
import io.privtune.split.data.GlueTsv;
import io.privtune.split.data.LabelledText;
import io.privtune.split.model.BertWeights;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.ModelSource;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.model.TopModel;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import io.privtune.split.train.AdamW;
import io.privtune.split.train.CloudSide;
import io.privtune.split.train.DeviceSide;
import io.privtune.split.train.LearningRateSchedule;
import io.privtune.split.train.MechanismSetup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One split training step of all-MiniLM-L6-v2 ({@code model}; bge-small-en-v1.5 for the 12-layer model) at
 * split point m ({@code split}, default 2; any of 0 to the model's layers, e.g. 1-4 for the device's cost per
 * depth) on a batch of 32 SST-2 sentences, per mechanism:
 * {@code deviceSide} (bottom model + mechanism) and {@code fullStep} (device side + the cloud's forward,
 * backward and AdamW update). The cloud side does the same work whatever the mechanism, so the
 * mechanism's share of a step is (deviceSide(mechanism) − deviceSide(none)) / fullStep(mechanism), or, with less variance,
 * mechanismOnly(mechanism) / fullStep(mechanism). SST-2 is read from {@code -Dprivtune.sst2} (default ../shared/data/sst2).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--add-modules",
            "jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx8g",
            "-Dai.djl.offline=true"
        })
public class TrainingStepBenchmark {
    @State(Scope.Benchmark)
    public static class Step {
        @Param({"none", "dchi", "sap-cti", "gaussian", "privtune", "privtune-no-shift", "privtune-no-importance"})
        String mechanism;

        /** Layers on the device; the cloud's top keeps the rest (6 − m for MiniLM, 12 − m for bge-small). */
        @Param({"2"})
        int split;

        /** The split model, as {@code --model} names it. */
        @Param({"all-minilm-l6-v2"})
        String model;

        ai.djl.ndarray.NDManager manager;
        BottomModel bottom;
        DeviceSide device;
        CloudSide cloud;
        PaddedBatch batch;
        int[] labels;
        int release; // a new release per call: every call draws fresh noise, as a new text would
        io.privtune.split.model.EncodedCorpus encoded;

        @Setup
        public void load() {
            if (System.getenv("DJL_CACHE_DIR") == null) {
                System.setProperty(
                        "DJL_CACHE_DIR", CacheDirectory.resolve("djl").toString());
            }
            Path data = Path.of(System.getProperty("privtune.sst2", "../shared/data/sst2"));
            List<LabelledText> train = GlueTsv.read(data.resolve("train.tsv"), 2, 5000);
            ModelSource source = ModelSource.resolve(model);
            BertWeights weights = source.weights();
            List<Encoding> text;
            int[] boundary;
            try (WordPieceTokenizer tokenizer = WordPieceTokenizer.open(source.tokenizer(), 64)) {
                // a batch of 32 full sentences from dev-like lengths: the longest training rows
                text = train.stream().map(r -> tokenizer.encode(r.text())).toList();
                boundary = tokenizer.boundaryIds();
            }
            List<Encoding> longest = text.stream()
                    .sorted((a, b) -> Integer.compare(b.length(), a.length()))
                    .skip(500)
                    .limit(32)
                    .toList();
            batch = PaddedBatch.of(longest);
            labels = new int[32];
            manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch");
            bottom = new BottomModel(weights, split, manager);
            TopModel top = new TopModel(weights, split, 2, 0.1f, 0, manager);
            MechanismParameters parameters = MechanismParameters.defaults().with(Map.of("eta", "50"));
            io.privtune.core.random.NoiseKey key = io.privtune.core.random.NoiseKey.generate();
            device = new DeviceSide(
                    bottom,
                    MechanismSetup.create(
                            mechanism,
                            parameters,
                            source,
                            bottom,
                            boundary,
                            text,
                            train.stream().mapToInt(LabelledText::label).toArray(),
                            16,
                            CpuBackend.INSTANCE,
                            key,
                            Progress.SILENT),
                    key);
            encoded = device.encode(batch);
            cloud = new CloudSide(
                    top, new AdamW(top.parameters(), 0.01f), new LearningRateSchedule(1e-5f, 0, 1_000_000));
        }

        @TearDown
        public void close() {
            manager.close();
        }
    }

    /** The mechanism alone on the batch's encoded tokens (nonces, targets, OPT-3, dχ): its share of a step, without the bottom's variance. */
    @Benchmark
    public io.privtune.core.mechanism.Perturbation mechanismOnly(Step s) {
        return s.device.perturb(s.encoded, ++s.release);
    }

    @Benchmark
    public DeviceSide.Upload deviceSide(Step s) {
        return s.device.prepare(s.batch, ++s.release);
    }

    @Benchmark
    public double fullStep(Step s) {
        DeviceSide.Upload upload = s.device.prepare(s.batch, ++s.release);
        return s.cloud.trainStep(upload, s.batch, s.labels);
    }
}
