package io.privtune.split.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.privtune.core.model.BundledModel;
import io.privtune.split.data.GlueTsv;
import io.privtune.split.data.LabelledText;
import io.privtune.split.deploy.wire.RunSettings;
import io.privtune.split.deploy.wire.TrainRequest;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes' worth of split training on loopback with TLS: what crosses the wire, faults, and concurrent devices. */
class DeploymentTest {
    @Test
    void aKilledCloudLosesNothingAndAppliesNothingTwice(@TempDir Path dir) throws Exception {
        Path data = DeploymentFixture.data(dir.resolve("sst2"));
        DeviceTrainer.Result reference;
        try (CloudServer cloud = DeploymentFixture.cloud(0, dir.resolve("reference/state"), List.of(), 64 << 20)) {
            reference = DeploymentFixture.train(
                    dir,
                    DeploymentFixture.settings(data, 0),
                    DeploymentFixture.connection(cloud.port(), dir.resolve("reference/tls"), "run"));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), cloud.applied().get("run"));
        }

        Path state = dir.resolve("faulty/state");
        CloudServer first = DeploymentFixture.cloud(0, state, List.of(), 64 << 20);
        int port = first.port();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<DeviceTrainer.Result> device = pool.submit(() -> DeploymentFixture.train(
                dir,
                DeploymentFixture.settings(data, 0),
                DeploymentFixture.connection(port, dir.resolve("faulty/tls"), "run")));
        while (first.applied().getOrDefault("run", List.of()).size() < 3) {
            Thread.sleep(20);
        }
        first.kill(); // mid-run: batch 3 is applied, its checkpoint (every 2 steps) holds 2
        List<Long> beforeKill = first.applied().get("run");
        Thread.sleep(500);
        List<Long> afterRestart;
        DeviceTrainer.Result resumed;
        try (CloudServer second = DeploymentFixture.cloud(port, state, List.of(), 64 << 20)) {
            resumed = device.get();
            afterRestart = second.applied().get("run");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(resumed.reconnects() >= 1, "the device noticed the cloud going away");
        long restoredFrom = afterRestart.get(0) - 1;
        assertTrue(
                restoredFrom >= 2 && restoredFrom <= beforeKill.get(beforeKill.size() - 1),
                "resumed from a checkpoint: " + afterRestart);
        assertEquals(
                LongStream.rangeClosed(restoredFrom + 1, 6).boxed().toList(),
                afterRestart,
                "after the restart every batch from the checkpoint on is applied once, in order");
        assertEquals(
                reference.devLoss(),
                resumed.devLoss(),
                1e-6,
                "the interrupted run ends where the uninterrupted one does");
        assertEquals(reference.devAccuracy(), resumed.devAccuracy(), 0.0);
    }

    @Test
    void onlyPerturbedRepresentationsMasksAndLabelsCrossTheWire(@TempDir Path dir) throws Exception {
        Path data = DeploymentFixture.data(dir.resolve("sst2"));
        DeploymentFixture.Tap tap = new DeploymentFixture.Tap();
        try (CloudServer cloud = DeploymentFixture.cloud(0, dir.resolve("state"), List.of(tap), 64 << 20)) {
            DeploymentFixture.train(
                    dir,
                    DeploymentFixture.settings(data, 0),
                    DeploymentFixture.connection(cloud.port(), dir.resolve("tls"), "audit"));
        }
        List<LabelledText> sentences = GlueTsv.read(data.resolve("train.tsv"), 2, 0);
        Set<Integer> tokenIds = new TreeSet<>();
        try (WordPieceTokenizer tokenizer =
                WordPieceTokenizer.open(BundledModel.ALL_MINILM_L6_V2.tokenizerFile(), 32)) {
            for (LabelledText s : sentences) {
                Encoding e = tokenizer.encode(s.text());
                for (int i = 0; i < e.length(); i++) {
                    if (!e.special()[i]) {
                        tokenIds.add(e.ids()[i]);
                    }
                }
            }
        }
        Set<String> allowed = Set.of(
                "session",
                "sequence",
                "upload",
                "labels",
                "settings",
                "batch",
                "length",
                "hidden",
                "representations",
                "mask",
                "model",
                "split_point",
                "classes",
                "total_steps",
                "warmup_steps",
                "learning_rate",
                "weight_decay",
                "dropout",
                "checkpoint_every",
                "lora_rank");
        assertNull(
                RunSettings.getDescriptor().findFieldByName("seed"),
                "the cloud seeds itself: the device sends no seed");
        int trainMessages = 0;
        for (Object received : tap.messages) {
            Message message = (Message) received;
            for (String field : fieldsSet(message)) {
                assertTrue(
                        allowed.contains(field),
                        "unexpected field on the wire: " + field + " in "
                                + message.getDescriptorForType().getName());
            }
            String bytes = new String(message.toByteArray(), StandardCharsets.ISO_8859_1);
            for (LabelledText s : sentences) {
                for (String word : s.text().split("\\s+")) {
                    if (word.length() >= 6) {
                        assertFalse(
                                bytes.contains(word),
                                "a word of the private text is in a "
                                        + message.getDescriptorForType().getName() + ": " + word);
                    }
                }
            }
            if (message instanceof TrainRequest train) {
                trainMessages++;
                for (int label : train.getLabelsList()) {
                    assertTrue(label == 0 || label == 1, "labels are class indices, not token ids");
                }
                int real = 0;
                for (float m : train.getUpload().getMaskList()) {
                    real += m == 1f ? 1 : 0;
                }
                assertTrue(train.getUpload().getRepresentationsCount()
                                == train.getUpload().getMaskCount() * 384
                        && real > 0);
            }
        }
        assertEquals(6, trainMessages);
        assertTrue(tokenIds.size() > 100, "the private text had token ids to leak: " + tokenIds.size());
    }

    @Test
    void fourDevicesTrainConcurrently(@TempDir Path dir) throws Exception {
        Path data = DeploymentFixture.data(dir.resolve("sst2"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (CloudServer cloud = DeploymentFixture.cloud(0, dir.resolve("state"), List.of(), 64 << 20)) {
            List<Future<DeviceTrainer.Result>> devices = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                long seed = i;
                devices.add(pool.submit(() -> DeploymentFixture.train(
                        dir,
                        DeploymentFixture.settings(data, seed),
                        DeploymentFixture.connection(cloud.port(), dir.resolve("tls"), "device-" + seed))));
            }
            for (Future<DeviceTrainer.Result> d : devices) {
                DeviceTrainer.Result r = d.get();
                assertEquals(6, r.steps());
                assertEquals(0, r.reconnects());
            }
            Map<String, List<Long>> applied = cloud.applied();
            assertEquals(4, applied.size());
            applied.values().forEach(list -> assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), list));
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> fieldsSet(Message message) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<Descriptors.FieldDescriptor, Object> e :
                message.getAllFields().entrySet()) {
            names.add(e.getKey().getName());
            if (e.getValue() instanceof Message nested) {
                names.addAll(fieldsSet(nested));
            }
        }
        return names;
    }
}
