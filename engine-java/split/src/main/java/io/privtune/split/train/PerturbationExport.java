package io.privtune.split.train;

import io.privtune.core.io.SafetensorsWriter;
import io.privtune.split.model.PaddedBatch;
import io.privtune.split.text.Encoding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes what the cloud would receive for a list of texts, so anyone can audit a mechanism with their
 * own attack: {@code perturbed.safetensors} holds {@code representations} (F32, N x L x d, padding
 * zeroed), {@code attention_mask} (I32, N x L) and {@code effective_eta} (F32, N x L; +inf where
 * unperturbed), with the model, split, mechanism and its parameters as metadata. The true token ids go
 * to a separate {@code token_ids.safetensors} ({@code token_ids} I32 and {@code special} I32, N x L),
 * which an auditor holds back from the attack.
 */
public final class PerturbationExport {
    private static final int BATCH = 32;

    private PerturbationExport() {}

    /** Perturbs every text through {@code device} and writes both files into {@code folder}; returns the token count. */
    public static int write(
            List<Encoding> texts, DeviceSide device, int dim, Map<String, String> metadata, Path folder) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("nothing to perturb: the input has no texts");
        }
        int n = texts.size();
        int length = texts.stream().mapToInt(Encoding::length).max().orElseThrow();
        float[] representations = new float[n * length * dim];
        int[] mask = new int[n * length];
        float[] eta = new float[n * length];
        int[] ids = new int[n * length];
        int[] special = new int[n * length];
        int tokens = 0;
        for (int start = 0; start < n; start += BATCH) {
            List<Encoding> chunk = texts.subList(start, Math.min(n, start + BATCH));
            PaddedBatch batch = PaddedBatch.of(chunk, length);
            DeviceSide.Upload upload = device.prepare(batch, 0);
            tokens += upload.realTokens();
            System.arraycopy(
                    upload.representations(), 0, representations, start * length * dim, chunk.size() * length * dim);
            for (int p = 0, real = 0; p < chunk.size() * length; p++) {
                int at = start * length + p;
                ids[at] = (int) batch.ids()[p];
                special[at] = batch.special()[p] ? 1 : 0;
                if (batch.mask()[p] > 0) {
                    mask[at] = 1;
                    eta[at] = (float) upload.effectiveEta()[real++];
                } else {
                    eta[at] = Float.POSITIVE_INFINITY;
                }
            }
        }
        SafetensorsWriter uploaded = new SafetensorsWriter()
                .addF32("representations", representations, n, length, dim)
                .addI32("attention_mask", mask, n, length)
                .addF32("effective_eta", eta, n, length)
                .metadata("kind", "privtune.perturbed-representations");
        metadata.forEach(uploaded::metadata);
        uploaded.write(folder.resolve("perturbed.safetensors"));
        new SafetensorsWriter()
                .addI32("token_ids", ids, n, length)
                .addI32("special", special, n, length)
                .metadata("kind", "privtune.token-ids")
                .write(folder.resolve("token_ids.safetensors"));
        return tokens;
    }
}
