package io.privtune.split.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.privtune.core.progress.Progress;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.split.model.EncodedCorpus;
import io.privtune.split.model.RelaxedBottom;
import io.privtune.split.model.WeightsFingerprint;
import java.util.ArrayList;
import java.util.List;

/**
 * The device's bottom of a decoder: token embedding and blocks 1..m, frozen, run without gradients. Its
 * output for a window is what the mechanism perturbs. Only a BOS at position 0 is marked special, never perturbed:
 * its representation is the same for every window. A BOS further in is perturbed like any token, because at
 * m &ge; 1 it has attended to the text before it (the previous paragraph's last tokens).
 */
public final class DecoderBottom implements RelaxedBottom {
    private static final int DICTIONARY_BATCH = 1024;

    private final LlamaConfig config;
    private final NDManager manager;
    private final NDArray embedding;
    private final List<LlamaBlock> blocks = new ArrayList<>();
    private final int splitPoint;
    private final String identity;
    private final String cacheKey;

    DecoderBottom(
            LlamaWeights weights,
            String modelName,
            int splitPoint,
            NDArray embedding,
            RotaryPositions rotary,
            NDManager manager) {
        this.config = weights.config();
        this.manager = manager;
        this.embedding = embedding;
        this.splitPoint = splitPoint;
        for (int l = 0; l < splitPoint; l++) {
            blocks.add(LlamaBlock.load(weights, l, rotary, manager, false));
        }
        String fingerprint = WeightsFingerprint.of(weights.tensors().keySet(), weights.tensors()::get);
        this.identity = "llama " + modelName + " " + config + " m=" + splitPoint + " weights " + fingerprint;
        this.cacheKey = "llama-" + modelName.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + fingerprint;
    }

    /** A file-name-safe name of the model's weights (the split point is not in it): what cached dictionaries are filed under. */
    public String cacheKey() {
        return cacheKey;
    }

    @Override
    public int hidden() {
        return config.dim();
    }

    @Override
    public int vocabSize() {
        return config.vocab();
    }

    /** The token embedding [V, d] (also the tied head), owned by the split: do not close it. */
    @Override
    public NDArray wordEmbeddings() {
        return embedding;
    }

    /** The blocks on word vectors [B, T, d]; windows have no padding, so the mask is not needed (attention is causal). */
    @Override
    public NDArray forwardRelaxed(NDArray wordVectors, NDArray mask) {
        NDArray x = wordVectors;
        for (LlamaBlock block : blocks) {
            x = block.forward(x);
        }
        return x;
    }

    public LlamaConfig config() {
        return config;
    }

    public int splitPoint() {
        return splitPoint;
    }

    /** Which model and split this is: part of every text's noise nonce, so two models never share noise. */
    public String identity() {
        return identity;
    }

    /**
     * Windows of token ids (equal lengths, each at positions 0..T−1) through the bottom: representations, ids,
     * a BOS at position 0 special, and each token's attention importance from block m (none when m = 0).
     */
    public EncodedCorpus encode(List<int[]> windows) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no windows to encode");
        }
        int length = windows.get(0).length;
        int d = config.dim();
        int[] ids = new int[windows.size() * length];
        for (int s = 0; s < windows.size(); s++) {
            int[] w = windows.get(s);
            if (w.length != length) {
                throw new IllegalArgumentException("window " + s + " has " + w.length + " tokens, window 0 has "
                        + length + ": a batch of windows must share one length");
            }
            if (length > config.contextLength()) {
                throw new IllegalArgumentException(
                        "windows of " + length + " tokens exceed the model's context of " + config.contextLength());
            }
            for (int t = 0; t < length; t++) {
                if (w[t] < 0 || w[t] >= config.vocab()) {
                    throw new IllegalArgumentException("window " + s + ", position " + t + ": token id " + w[t]
                            + " is outside the vocabulary 0.." + (config.vocab() - 1));
                }
            }
            System.arraycopy(w, 0, ids, s * length, length);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray index = scope.create(ids).toType(DataType.INT64, false);
            NDArray rows = embedding.get(new NDIndex("{}", index));
            rows.attach(scope); // made in the embedding's long-lived manager: freed with this call's scope instead
            NDArray x = rows.reshape(windows.size(), length, d);
            NDArray[] attention = new NDArray[1];
            for (int l = 0; l < blocks.size(); l++) {
                x = blocks.get(l).forward(x, l == blocks.size() - 1 ? attention : null);
            }
            boolean[] special = new boolean[ids.length];
            for (int i = 0; i < ids.length; i++) {
                special[i] = ids[i] == LmTokenizer.BOS && i % length == 0;
            }
            int[] offsets = new int[windows.size() + 1];
            for (int s = 0; s < windows.size(); s++) {
                offsets[s + 1] = (s + 1) * length;
            }
            float[] importance =
                    attention[0] == null ? null : importance(attention[0], special, windows.size(), length);
            return new EncodedCorpus(x.toFloatArray(), ids, special, importance, offsets, d);
        }
    }

    /**
     * Attention each key receives from block m, mean over heads, divided by the number of queries that can see
     * it (causal: T − s), then by the window's maximum over its non-special rows (BOS, an attention sink, and
     * the window's first position, which every later query sees, would dwarf the rest).
     */
    static float[] importance(NDArray probabilities, boolean[] special, int windows, int length) {
        float[] received = probabilities.mean(new int[] {1}).sum(new int[] {1}).toFloatArray(); // [B, T]
        float[] w = new float[windows * length];
        for (int s = 0; s < windows; s++) {
            float max = 0;
            for (int t = 1; t < length; t++) {
                int i = s * length + t;
                w[i] = received[i] / (length - t);
                max = special[i] ? max : Math.max(max, w[i]);
            }
            for (int t = 0; t < length; t++) {
                int i = s * length + t;
                w[i] = t == 0 || special[i] ? 1f : max > 0 ? Math.min(1f, w[i] / max) : 1f;
            }
        }
        return w;
    }

    /**
     * The token dictionary R for (model, m): R_v = bottom([BOS, v]) at position 1, the place every window's
     * first real token takes. The mechanisms' targets and the knn attacker both read it.
     */
    public EmbeddingSpace dictionary(Progress progress) {
        int vocab = config.vocab();
        int d = config.dim();
        float[] rows = new float[vocab * d];
        try (Progress.Task task = progress.start("dictionary R (m = " + splitPoint + ")", vocab, "tokens")) {
            for (int start = 0; start < vocab; start += DICTIONARY_BATCH) {
                int end = Math.min(vocab, start + DICTIONARY_BATCH);
                List<int[]> pairs = new ArrayList<>(end - start);
                for (int v = start; v < end; v++) {
                    pairs.add(new int[] {LmTokenizer.BOS, v});
                }
                float[] hidden = encode(pairs).representations();
                for (int v = start; v < end; v++) {
                    System.arraycopy(hidden, ((v - start) * 2 + 1) * d, rows, v * d, d);
                }
                task.advance(end, vocab);
            }
        }
        return EmbeddingSpace.fromArray("dictionary(" + identity + ")", rows, vocab, d);
    }
}
