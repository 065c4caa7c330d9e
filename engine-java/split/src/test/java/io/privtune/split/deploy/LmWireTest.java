package io.privtune.split.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.split.deploy.wire.LmBackwardRequest;
import io.privtune.split.deploy.wire.LmForwardRequest;
import io.privtune.split.deploy.wire.LmInferRequest;
import io.privtune.split.deploy.wire.LmOpenRequest;
import io.privtune.split.deploy.wire.SplitLmTrainingGrpc;
import io.privtune.split.lm.GradientNoise;
import io.privtune.split.lm.LmCloud;
import io.privtune.split.lm.LmCloudLink;
import io.privtune.split.lm.LmFineTuneSettings;
import io.privtune.split.lm.LmUpload;
import io.privtune.split.lm.SplitLmFineTuner;
import io.privtune.split.lm.TextWindows;
import io.privtune.split.model.llama.DecoderSplit;
import io.privtune.split.model.llama.Llama2cCheckpoint;
import io.privtune.split.model.llama.Llama2cTokenizer;
import io.privtune.split.model.llama.LlamaWeights;
import io.privtune.split.model.llama.Stories260kGreedyTest;
import io.privtune.split.train.BatchPlan;
import io.privtune.split.train.NoiseSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoder fine-tuning over the wire (split_lm.proto, loopback with TLS) ends where the same run in one process
 * does, and no request could carry a token id.
 */
class LmWireTest {
    private static final NoiseKey KEY = NoiseKey.researchSeed(7);
    private static final LmFineTuneSettings SETTINGS =
            new LmFineTuneSettings(1, 8, 2e-3f, 0.01f, 0.25f, false, new GradientNoise(1.0, 0.5));

    private static Mechanism dchi() {
        return Mechanisms.create(
                "dchi", MechanismParameters.defaults().with(Map.of("eta", "20")), MechanismContext.of(KEY));
    }

    private static List<int[]> windows(Path folder, LlamaWeights weights) {
        Llama2cTokenizer tokenizer = Llama2cTokenizer.read(
                folder.resolve("tok512.bin"), weights.config().vocab());
        Path text = folder.resolve("../../data/tinystories/tinystories_train_head.txt");
        return TextWindows.of(TextWindows.paragraphs(text), tokenizer, 48, 44, text.toString());
    }

    /**
     * The wire makes garbage, so the collector runs while a step's graph waits for its gradient. Scalars that DJL
     * turns into short-lived tensors over direct buffers (div(Number)) were read back freed in the backward pass:
     * the first wire runs ended elsewhere (or in NaN). A collection before every exchange now changes nothing.
     */
    @Test
    void aGarbageCollectionWhileAStepWaitsForItsGradientChangesNothing() {
        Path folder = Stories260kGreedyTest.folder();
        LlamaWeights weights = Llama2cCheckpoint.read(folder.resolve("stories260K.bin"));
        List<int[]> train = new ArrayList<>(windows(folder, weights).subList(0, 16));
        try (NDManager m = NDManager.newBaseManager();
                DecoderSplit plain = new DecoderSplit(weights, "stories260K", 1, 1, m);
                DecoderSplit collected = new DecoderSplit(weights, "stories260K", 1, 1, m)) {
            double[] expected = new SplitLmFineTuner(plain, dchi(), KEY, train.size(), SETTINGS)
                    .train(train, null, Progress.SILENT)
                    .epochLoss();
            LmCloud cloud = new LmCloud(
                    collected.middle(), SETTINGS.weightDecay(), SplitLmFineTuner.schedule(SETTINGS, train.size()));
            LmCloudLink link = new LmCloudLink() {
                @Override
                public float[] forward(long sequence, LmUpload upload) {
                    System.gc();
                    return cloud.forward(upload);
                }

                @Override
                public void backward(long sequence, float[] gradient) {
                    System.gc();
                    cloud.backward(gradient);
                }

                @Override
                public float[] infer(LmUpload upload) {
                    return cloud.infer(upload);
                }

                @Override
                public long steps() {
                    return cloud.steps();
                }
            };
            double[] found = new SplitLmFineTuner(collected, dchi(), KEY, train.size(), SETTINGS, link)
                    .train(train, null, Progress.SILENT)
                    .epochLoss();
            assertArrayEquals(expected, found, 0.0);
            List<NDArray> a = plain.middle().parameters();
            List<NDArray> b = collected.middle().parameters();
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(
                        a.get(i).toFloatArray(),
                        b.get(i).toFloatArray(),
                        a.get(i).getName());
            }
        }
    }

    @Test
    void fineTuningOverTheWireEndsWhereTheSameRunInOneProcessDoes(@TempDir Path dir) {
        Path folder = Stories260kGreedyTest.folder();
        LlamaWeights weights = Llama2cCheckpoint.read(folder.resolve("stories260K.bin"));
        List<int[]> all = windows(folder, weights);
        List<int[]> train = new ArrayList<>(all.subList(0, 32)); // 4 batches of 8
        List<int[]> held = new ArrayList<>(all.subList(32, 44));

        try (NDManager m = NDManager.newBaseManager();
                DecoderSplit local = new DecoderSplit(weights, "stories260K", 1, 1, m);
                DecoderSplit device = new DecoderSplit(weights, "stories260K", 1, 1, m)) {
            SplitLmFineTuner reference = new SplitLmFineTuner(local, dchi(), KEY, train.size(), SETTINGS);
            SplitLmFineTuner.Result expected = reference.train(train, null, Progress.SILENT);
            double[] expectedLosses = reference.windowLosses(held);

            DeploymentFixture.Tap tap = new DeploymentFixture.Tap();
            try (CloudServer cloud = DeploymentFixture.cloud(0, dir.resolve("state"), List.of(tap), 16 << 20);
                    LmDeviceTrainer trainer = new LmDeviceTrainer(
                            DeploymentFixture.connection(cloud.port(), dir.resolve("tls"), "lm-run"))) {
                // the cloud loads the model by a name it can resolve: here the shipped folder
                SplitLmFineTuner wire = trainer.open(folder.toString(), device, dchi(), KEY, train.size(), SETTINGS);
                SplitLmFineTuner.Result found = wire.train(train, null, Progress.SILENT);
                double[] foundLosses = wire.windowLosses(held);

                assertEquals(List.of(1L, 2L, 3L, 4L), cloud.lmApplied().get("lm-run"));
                assertEquals(4, found.steps());
                assertEquals(0, trainer.retries());
                assertArrayEquals(expected.epochLoss(), found.epochLoss(), 1e-9, "the training loss");
                assertArrayEquals(expectedLosses, foundLosses, 1e-9, "held-out windows' losses");

                List<NDArray> a = local.middle().parameters();
                List<NDArray> b = cloud.lmSession("lm-run").parameters();
                assertEquals(a.size(), b.size());
                double moved = 0;
                for (int i = 0; i < a.size(); i++) {
                    float[] x = a.get(i).toFloatArray();
                    float[] y = b.get(i).toFloatArray();
                    // bitwise: the same operations in the same order, and floats cross the wire exactly
                    assertArrayEquals(x, y, a.get(i).getName());
                    float[] pretrained = device.middle().parameters().get(i).toFloatArray();
                    for (int j = 0; j < x.length; j++) {
                        moved = Math.max(moved, Math.abs(x[j] - pretrained[j]));
                    }
                }
                assertTrue(moved > 1e-4, "training moved the middle (largest change " + moved + ")");

                // what the cloud received: Open, then Forward/Backward per batch, then Infer for the held-out windows
                Map<String, Integer> kinds = new java.util.TreeMap<>();
                for (Object message : tap.messages) {
                    kinds.merge(message.getClass().getSimpleName(), 1, Integer::sum);
                    assertTrue(tokenFree((Message) message), "a field that could carry a token id: " + message);
                }
                assertEquals(
                        Map.of(
                                "LmOpenRequest", 1,
                                "LmForwardRequest", 4,
                                "LmBackwardRequest", 4,
                                "LmInferRequest", 2),
                        kinds);
                // the first Forward carries exactly the device's upload of the plan's first batch
                BatchPlan plan = new BatchPlan(train.size(), 8, 1, KEY, NoiseSettings.EpochNoise.SAME);
                List<int[]> batch = new ArrayList<>();
                for (int row : plan.rows(1)) {
                    batch.add(train.get(row));
                }
                float[] firstUpload =
                        wire.device().upload(batch, plan.release(1)).representations();
                LmForwardRequest first = (LmForwardRequest) tap.messages.stream()
                        .filter(LmForwardRequest.class::isInstance)
                        .findFirst()
                        .orElseThrow();
                assertEquals(firstUpload.length, first.getUpload().getValuesCount());
                for (int i = 0; i < firstUpload.length; i++) {
                    assertEquals(firstUpload[i], first.getUpload().getValues(i), "upload[" + i + "]");
                }
            }
        }
    }

    /** Every field set in a request is a float (values, gradients), an int of a shape, sequence or setting, or a name. */
    private static boolean tokenFree(Message message) {
        for (Map.Entry<Descriptors.FieldDescriptor, Object> e :
                message.getAllFields().entrySet()) {
            if (!ALLOWED.contains(e.getKey().getName() + ":" + e.getKey().getJavaType())) {
                return false;
            }
            if (e.getValue() instanceof Message nested && !tokenFree(nested)) {
                return false;
            }
        }
        return true;
    }

    /** The only fields a request may have: name:type. No repeated integer, no free text but the session and model. */
    private static final Set<String> ALLOWED = Set.of(
            "session:STRING",
            "settings:MESSAGE",
            "model:STRING",
            "split_point:INT",
            "tail_blocks:INT",
            "total_steps:LONG",
            "warmup_steps:LONG",
            "learning_rate:FLOAT",
            "weight_decay:FLOAT",
            "sequence:LONG",
            "upload:MESSAGE",
            "windows:INT",
            "length:INT",
            "width:INT",
            "values:FLOAT",
            "gradient:FLOAT");

    @Test
    void noRequestOfTheDecoderProtocolHasAFieldThatCouldCarryATokenId() {
        Set<String> found = new TreeSet<>();
        for (Descriptors.MethodDescriptor method : io.privtune.split.deploy.wire.SplitLmProto.getDescriptor()
                .findServiceByName("SplitLmTraining")
                .getMethods()) {
            fields(method.getInputType(), found);
        }
        assertEquals(
                new TreeSet<>(ALLOWED),
                found.stream()
                        .map(f -> f.substring(0, f.lastIndexOf(':')))
                        .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        for (String f : found) {
            boolean repeated = f.endsWith(":repeated");
            boolean floats = f.contains(":FLOAT:");
            assertFalse(repeated && !floats, "a repeated field that is not floats: " + f);
        }
        assertEquals(
                Set.of("LmOpenRequest", "LmForwardRequest", "LmBackwardRequest", "LmInferRequest"),
                Set.of(
                        LmOpenRequest.getDescriptor().getName(),
                        LmForwardRequest.getDescriptor().getName(),
                        LmBackwardRequest.getDescriptor().getName(),
                        LmInferRequest.getDescriptor().getName()));
        assertEquals(4, SplitLmTrainingGrpc.getServiceDescriptor().getMethods().size());
    }

    /** name:javaType:repeated|single of every field reachable from {@code type}. */
    private static void fields(Descriptors.Descriptor type, Set<String> out) {
        for (Descriptors.FieldDescriptor f : type.getFields()) {
            out.add(f.getName() + ":" + f.getJavaType() + ":" + (f.isRepeated() ? "repeated" : "single"));
            if (f.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                fields(f.getMessageType(), out);
            }
        }
    }
}
