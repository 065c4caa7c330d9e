package io.privtune.bench;

import ai.djl.ndarray.NDManager;
import io.grpc.ManagedChannel;
import io.privtune.core.model.BundledModel;
import io.privtune.split.deploy.BearerAuth;
import io.privtune.split.deploy.CloudServer;
import io.privtune.split.deploy.DeviceCredentials;
import io.privtune.split.deploy.DeviceTrainer;
import io.privtune.split.deploy.SelfSignedCertificate;
import io.privtune.split.deploy.wire.OpenRequest;
import io.privtune.split.deploy.wire.RunSettings;
import io.privtune.split.deploy.wire.SplitTrainingGrpc;
import io.privtune.split.deploy.wire.TrainReply;
import io.privtune.split.deploy.wire.TrainRequest;
import io.privtune.split.deploy.wire.Upload;
import io.privtune.split.model.BertWeights;
import io.privtune.split.model.OnnxBertReader;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.model.TopModel;
import io.privtune.split.train.AdamW;
import io.privtune.split.train.CloudSide;
import io.privtune.split.train.DeviceSide;
import io.privtune.split.train.LearningRateSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The deployment's cost (issue 6): one Train RPC over loopback with TLS and a bearer token (serialise,
 * send, check, train, reply) against the same step run in-process ({@code trainLocal}); the difference is
 * the cloud's added latency per batch. {@code trainFourDevices} runs four device sessions at once: its
 * throughput in batches/s is 4 / (ms per op). Batches are 32 sentences x 48 positions x 384, MiniLM split at m = 2.
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
            "-Dai.djl.offline=true",
            "--sun-misc-unsafe-memory-access=allow"
        })
public class DeploymentBenchmark {
    static final int BATCH = 32;
    static final int LENGTH = 48;
    static final int HIDDEN = 384;
    static final String TOKEN = "benchmark-token-0123456789";

    static Upload upload() {
        SplittableRandom random = new SplittableRandom(1);
        Upload.Builder u = Upload.newBuilder().setBatch(BATCH).setLength(LENGTH).setHidden(HIDDEN);
        for (int i = 0; i < BATCH * LENGTH * HIDDEN; i++) {
            u.addRepresentations((float) random.nextGaussian());
        }
        for (int i = 0; i < BATCH * LENGTH; i++) {
            u.addMask(i % LENGTH < 30 ? 1f : 0f);
        }
        return u.build();
    }

    static RunSettings settings() {
        return RunSettings.newBuilder()
                .setModel("all-minilm-l6-v2")
                .setSplitPoint(2)
                .setClasses(2)
                .setTotalSteps(1_000_000)
                .setWarmupSteps(0)
                .setLearningRate(1e-5f)
                .setWeightDecay(0.01f)
                .setDropout(0.1f)
                .setCheckpointEvery(1_000_000)
                .build();
    }

    @State(Scope.Benchmark)
    public static class Cloud {
        CloudServer server;
        Path tls;
        Upload upload;
        final AtomicInteger sessions = new AtomicInteger();

        @Setup(Level.Trial)
        public void start() throws Exception {
            Path state = Files.createTempDirectory("privtune-bench-cloud");
            tls = state.resolve("tls");
            server = CloudServer.start(
                    0,
                    state.resolve("state"),
                    SelfSignedCertificate.ensure(tls),
                    DeviceCredentials.sharedToken(TOKEN),
                    0,
                    64 << 20);
            upload = upload();
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.kill();
        }
    }

    /** One device: its own channel and session, sequence numbers counting up. */
    @State(Scope.Thread)
    public static class Device {
        ManagedChannel channel;
        SplitTrainingGrpc.SplitTrainingBlockingStub stub;
        String session;
        long sequence;

        @Setup(Level.Trial)
        public void open(Cloud cloud) {
            session = "bench-" + cloud.sessions.incrementAndGet();
            channel = DeviceTrainer.channel(new DeviceTrainer.Connection(
                    "localhost:" + cloud.server.port(), cloud.tls.resolve("cert.pem"), TOKEN, session, 100, 1));
            stub = SplitTrainingGrpc.newBlockingStub(channel).withCallCredentials(BearerAuth.client(TOKEN));
            sequence = stub.open(OpenRequest.newBuilder()
                            .setSession(session)
                            .setSettings(settings())
                            .build())
                    .getLastApplied();
        }

        @TearDown(Level.Trial)
        public void close() {
            channel.shutdownNow();
        }
    }

    @State(Scope.Benchmark)
    public static class Local {
        NDManager manager;
        TopModel top;
        CloudSide cloud;
        float[] representations;
        PaddedBatch batch;
        int[] labels;

        @Setup(Level.Trial)
        public void load() {
            BertWeights weights = OnnxBertReader.read(
                    BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape());
            manager = NDManager.newBaseManager("PyTorch");
            top = new TopModel(weights, 2, 2, 0.1f, 0, 0, manager);
            cloud = new CloudSide(
                    top, new AdamW(top.parameters(), 0.01f), new LearningRateSchedule(1e-5f, 0, 1_000_000));
            Upload u = upload();
            representations = new float[u.getRepresentationsCount()];
            for (int i = 0; i < representations.length; i++) {
                representations[i] = u.getRepresentations(i);
            }
            float[] mask = new float[BATCH * LENGTH];
            boolean[] special = new boolean[BATCH * LENGTH];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = u.getMask(i);
                special[i] = mask[i] == 0f;
            }
            batch = new PaddedBatch(BATCH, LENGTH, new long[BATCH * LENGTH], mask, special);
            labels = new int[BATCH];
            Arrays.setAll(labels, i -> i % 2);
        }

        @TearDown(Level.Trial)
        public void close() {
            top.close();
            manager.close();
        }
    }

    @Benchmark
    public double trainLocal(Local local) {
        return local.cloud.trainStep(
                new DeviceSide.Upload(local.representations, new double[0], 0), local.batch, local.labels);
    }

    @Benchmark
    public TrainReply trainRpc(Cloud cloud, Device device) {
        return send(cloud, device);
    }

    @Benchmark
    @Threads(4)
    public TrainReply trainFourDevices(Cloud cloud, Device device) {
        return send(cloud, device);
    }

    private static TrainReply send(Cloud cloud, Device device) {
        TrainRequest.Builder request = TrainRequest.newBuilder()
                .setSession(device.session)
                .setSequence(++device.sequence)
                .setUpload(cloud.upload);
        for (int i = 0; i < BATCH; i++) {
            request.addLabels(i % 2);
        }
        return device.stub.train(request.build());
    }
}
