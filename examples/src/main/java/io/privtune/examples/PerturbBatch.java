package io.privtune.examples;

import io.privtune.core.backend.CpuBackend;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.mechanism.Perturbation;
import io.privtune.core.mechanism.TokenBatch;
import io.privtune.core.model.BundledModel;
import io.privtune.core.model.EmbeddingLayer;
import io.privtune.core.progress.ProgressListener;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.random.NoiseKeyFile;
import io.privtune.core.space.EmbeddingSpace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Perturbs one text with the core API alone (no DJL): all-MiniLM-L6-v2 split at m = 0, where the bottom
 * model is the embedding layer. Run: {@code java ... io.privtune.examples.PerturbBatch [KEY_FILE]}.
 */
public final class PerturbBatch {
    private PerturbBatch() {}

    public static void main(String[] args) {
        Path keyFile = Path.of(args.length > 0 ? args[0] : "state/noise.key");
        // tag::setup[]
        EmbeddingLayer bottom =
                EmbeddingLayer.load(BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape());
        EmbeddingSpace dictionary = bottom.dictionary(); // R: what the bottom gives each token alone (off-heap)
        KnnGraph graph =
                CpuBackend.INSTANCE.cosineIndex(dictionary).graph(16, ProgressListener.NONE); // exact kNN, k = 16
        NoiseKey key = NoiseKeyFile.readOrCreate(keyFile); // the device's secret: drawn once, owner-only file
        // end::setup[]
        int[] tokenIds = {101, 7592, 2088, 102}; // "[CLS] hello world [SEP]" in MiniLM's vocabulary
        Perturbation upload = perturb(bottom, dictionary, graph, key, tokenIds);
        System.out.printf(
                "%d tokens perturbed; token 1 is %.0f-dχ-private%n", tokenIds.length, upload.effectiveEta()[1]);
    }

    /** What leaves the device for one text: PrivTune at η = 100, κ = 0.7 on every token but [CLS] and [SEP]. */
    public static Perturbation perturb(
            EmbeddingLayer bottom, EmbeddingSpace dictionary, KnnGraph graph, NoiseKey key, int[] tokenIds) {
        // tag::perturb[]
        Mechanism privtune = Mechanisms.create(
                "privtune",
                MechanismParameters.defaults().with(Map.of("eta", "100", "kappa", "0.7")),
                MechanismContext.of(dictionary, graph, key));
        float[] h = bottom.forward(tokenIds); // tokenIds.length x 384, row-major
        boolean[] special = new boolean[tokenIds.length];
        special[0] = special[tokenIds.length - 1] = true; // [CLS] and [SEP] are never perturbed
        float[] importance =
                new float[tokenIds.length]; // w_i in [0, 1]; m = 0 has no attention, so the caller gives it
        long nonce =
                key.textNonce(nonceContext(privtune, tokenIds)); // same text + settings -> same noise; else unrelated
        Perturbation upload = privtune.perturb(TokenBatch.of(h, tokenIds, bottom.dim(), nonce)
                .withSpecial(special)
                .withImportance(importance));
        // upload.perturbed() is what leaves the device; token i is upload.effectiveEta()[i]-dχ-private
        // end::perturb[]
        return upload;
    }

    /** The nonce's input: the mechanism with its parameters and the text's token ids (never sent anywhere). */
    static byte[] nonceContext(Mechanism mechanism, int[] tokenIds) {
        byte[] settings = mechanism.identity().getBytes(StandardCharsets.UTF_8);
        ByteBuffer context =
                ByteBuffer.allocate(settings.length + 4 * tokenIds.length).put(settings);
        for (int id : tokenIds) {
            context.putInt(id);
        }
        return context.array();
    }
}
