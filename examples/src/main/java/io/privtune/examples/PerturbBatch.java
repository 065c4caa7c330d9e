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
import io.privtune.core.random.UploadNonces;
import io.privtune.core.space.EmbeddingSpace;
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
        // the bottom model at m = 0 is the embedding layer; R is what it gives each token alone (off-heap)
        EmbeddingLayer bottom =
                EmbeddingLayer.load(BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape());
        EmbeddingSpace dictionary = bottom.dictionary();
        // the exact kNN graph of R, k = 16
        KnnGraph graph = CpuBackend.INSTANCE.cosineIndex(dictionary).graph(16, ProgressListener.NONE);
        // the device's secret: drawn once into an owner-only file, never sent anywhere
        NoiseKey key = NoiseKeyFile.readOrCreate(keyFile);
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
        // h: tokenIds.length x 384, row-major
        float[] h = bottom.forward(tokenIds);
        // [CLS] and [SEP] are never perturbed
        boolean[] special = new boolean[tokenIds.length];
        special[0] = special[tokenIds.length - 1] = true;
        // w_i in [0, 1]: m = 0 has no attention layer, so the caller supplies importance (0 = full noise)
        float[] importance = new float[tokenIds.length];
        // the same text under the same settings gets the same noise; anything else, unrelated noise
        long nonce = new UploadNonces(key, "all-MiniLM-L6-v2 m=0", privtune.identity()).of(tokenIds, 0);
        TokenBatch batch = TokenBatch.of(h, tokenIds, bottom.dim(), nonce)
                .withSpecial(special)
                .withImportance(importance);
        // upload.perturbed() leaves the device; token i is upload.effectiveEta()[i]-dχ-private
        Perturbation upload = privtune.perturb(batch);
        // end::perturb[]
        return upload;
    }
}
