package io.privtune.split.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.model.llama.DecoderSplit;
import io.privtune.split.model.llama.Llama2cCheckpoint;
import io.privtune.split.model.llama.Llama2cTokenizer;
import io.privtune.split.model.llama.LlamaModel;
import io.privtune.split.model.llama.LlamaWeights;
import io.privtune.split.model.llama.Stories260kGreedyTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The U-shaped split of stories260K: the same model when cut, the same gradients when trained through the exchange, and it learns. */
class SplitDecoderTest {
    private static final NoiseKey KEY = NoiseKey.researchSeed(7);
    private static LlamaWeights weights;
    private static Llama2cTokenizer tokenizer;
    private static List<int[]> windows;

    @BeforeAll
    static void load() {
        Path dir = Stories260kGreedyTest.folder();
        weights = Llama2cCheckpoint.read(dir.resolve("stories260K.bin"));
        tokenizer = Llama2cTokenizer.read(
                dir.resolve("tok512.bin"), weights.config().vocab());
        Path text = dir.resolve("../../data/tinystories/tinystories_train_head.txt");
        windows = TextWindows.of(TextWindows.paragraphs(text), tokenizer, 48, 24, text.toString());
    }

    private static SplitLmFineTuner tuner(DecoderSplit split, String mechanism, Map<String, String> params, int n) {
        MechanismParameters p = MechanismParameters.defaults().with(params);
        return new SplitLmFineTuner(
                split,
                Mechanisms.create(mechanism, p, MechanismContext.of(KEY)),
                KEY,
                n,
                new LmFineTuneSettings(1, 8, 2e-3f, 0.01f, 0f, false, GradientNoise.OFF));
    }

    @Test
    void theCutModelComputesWhatTheWholeModelDoes() {
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel whole = new LlamaModel(weights, m);
                DecoderSplit split = new DecoderSplit(weights, "stories260K", 2, 1, m)) {
            SplitLmFineTuner t = tuner(split, "none", Map.of(), 1);
            int[] window = windows.get(0);
            float[] output = t.cloud().infer(t.device().upload(List.of(window), 0));
            float[] expected = whole.logits(window);
            int vocab = weights.config().vocab();
            float[] last = java.util.Arrays.copyOfRange(expected, (window.length - 1) * vocab, window.length * vocab);
            assertArrayEquals(last, t.device().lastLogits(output, window.length), 1e-4f);
        }
    }

    @Test
    void greedyDecodingThroughTheSplitReproducesTheReferenceImplementation() throws Exception {
        Map<String, String> expected =
                Stories260kGreedyTest.reference(Stories260kGreedyTest.folder().resolve("reference_greedy.txt"));
        try (NDManager m = NDManager.newBaseManager();
                DecoderSplit split = new DecoderSplit(weights, "stories260K", 1, 1, m)) {
            SplitLmFineTuner t = tuner(split, "none", Map.of(), 1);
            SplitGenerator generator = new SplitGenerator(t.device(), t.cloud(), tokenizer);
            for (Map.Entry<String, String> e : expected.entrySet()) {
                // run.c prints the leading space token; the split returns the text it stands for
                assertEquals(
                        e.getValue().strip(),
                        generator.generate(e.getKey(), 120, 0f, 1).strip(),
                        e.getKey());
            }
        }
    }

    /** The gradient the cloud back-propagates from the device's message equals that of one backward pass through the whole model. */
    @Test
    void theExchangedGradientGivesTheCloudTheGradientOfOneBackwardPass() {
        List<int[]> batch = new ArrayList<>(windows.subList(0, 8));
        int length = batch.get(0).length;
        try (NDManager m = NDManager.newBaseManager();
                DecoderSplit exchanged = new DecoderSplit(weights, "stories260K", 1, 1, m);
                DecoderSplit joint = new DecoderSplit(weights, "stories260K", 1, 1, m)) {
            SplitLmFineTuner t = tuner(exchanged, "none", Map.of(), 8);
            LmUpload upload = t.device().upload(batch, 0);
            t.cloud()
                    .accumulate(
                            t.device().learn(t.cloud().forward(upload), batch).gradient());

            try (NDManager scope = NDManager.newBaseManager("PyTorch");
                    GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray z = joint.middle().forward(scope, upload.representations(), 8, length);
                c.backward(joint.tail().summedLoss(z, LmDevice.ids(batch)).div(8 * (length - 1)));
            }
            List<NDArray> a = exchanged.middle().parameters();
            List<NDArray> b = joint.middle().parameters();
            double largest = 0;
            for (int i = 0; i < a.size(); i++) {
                float[] expected = b.get(i).getGradient().toFloatArray();
                assertArrayEquals(
                        expected,
                        a.get(i).getGradient().toFloatArray(),
                        1e-6f,
                        a.get(i).getName());
                for (float g : expected) {
                    largest = Math.max(largest, Math.abs(g));
                }
            }
            assertTrue(largest > 1e-3, "the gradients are not all zero (largest " + largest + ")");
        }
    }

    @Test
    void fineTuningLowersThePerplexityOfItsText() {
        try (NDManager m = NDManager.newBaseManager();
                DecoderSplit split = new DecoderSplit(weights, "stories260K", 1, 1, m)) {
            SplitLmFineTuner t = new SplitLmFineTuner(
                    split,
                    Mechanisms.create("none", MechanismParameters.defaults(), MechanismContext.of(KEY)),
                    KEY,
                    windows.size(),
                    new LmFineTuneSettings(3, 8, 3e-3f, 0.01f, 0f, false, GradientNoise.OFF));
            double before = t.perplexity(windows);
            SplitLmFineTuner.Result r = t.train(windows, null, Progress.SILENT);
            double after = t.perplexity(windows);
            assertTrue(after < before * 0.95, "perplexity " + before + " → " + after);
            assertTrue(r.epochLoss()[2] < r.epochLoss()[0], java.util.Arrays.toString(r.epochLoss()));
        }
    }

    @Test
    void aWindowIsAlwaysTheSameUploadAndTheNoiseHidesIt() {
        try (NDManager m = NDManager.newBaseManager();
                DecoderSplit split = new DecoderSplit(weights, "stories260K", 1, 1, m)) {
            SplitLmFineTuner t = tuner(split, "dchi", Map.of("eta", "20"), 1);
            int[] withInnerBos = windows.stream()
                    .filter(w -> java.util.Arrays.stream(w, 1, w.length).anyMatch(id -> id == Llama2cTokenizer.BOS))
                    .findFirst()
                    .orElseThrow();
            List<int[]> one = List.of(withInnerBos);
            float[] first = t.device().upload(one, 0).representations();
            assertArrayEquals(first, t.device().upload(one, 0).representations(), "a resend is the same bytes");
            assertNotEquals(
                    java.util.Arrays.hashCode(first),
                    java.util.Arrays.hashCode(t.device().upload(one, 1).representations()),
                    "a new release draws new noise");
            float[] clean = t.device().encode(one).representations();
            int d = weights.config().dim();
            for (int pos = 0; pos < one.get(0).length; pos++) {
                boolean bos = pos == 0
                        && one.get(0)[pos] == Llama2cTokenizer.BOS; // a BOS further in has read the text before it
                boolean same = java.util.Arrays.equals(
                        java.util.Arrays.copyOfRange(first, pos * d, pos * d + d),
                        java.util.Arrays.copyOfRange(clean, pos * d, pos * d + d));
                assertEquals(bos, same, "position " + pos + (bos ? " (BOS at 0) is sent as is" : " is perturbed"));
            }
        }
    }

    @Test
    void badSplitsAndWindowsAreRefusedByName() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> new DecoderSplit(weights, "stories260K", 4, 1, m));
            assertTrue(e.getMessage().contains("m in [0, 3]"), e.getMessage());
            try (DecoderSplit split = new DecoderSplit(weights, "stories260K", 1, 1, m)) {
                e = assertThrows(
                        IllegalArgumentException.class,
                        () -> split.bottom().encode(List.of(new int[] {1, 2, 3}, new int[] {1, 2})));
                assertTrue(e.getMessage().contains("window 1 has 2 tokens"), e.getMessage());
                e = assertThrows(
                        IllegalArgumentException.class, () -> split.bottom().encode(List.of(new int[] {1, 600})));
                assertTrue(e.getMessage().contains("token id 600"), e.getMessage());
            }
        }
        assertFalse(windows.isEmpty());
    }
}
