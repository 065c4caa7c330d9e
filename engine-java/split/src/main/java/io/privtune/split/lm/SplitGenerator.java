package io.privtune.split.lm;

import io.privtune.split.model.EncodedCorpus;
import io.privtune.split.model.llama.GreedyGenerator;
import io.privtune.split.model.llama.LmTokenizer;
import java.util.Arrays;
import java.util.Random;

/**
 * Sampling from a split decoder through the deployed path. Each token's representation is perturbed once, when
 * it first enters the sequence, and the cloud then holds every upload so far, as with a key/value cache. The
 * row at position t draws its noise at the nonce of the prefix 0..t (a keyed hash of those ids): the same prefix,
 * in this or any later generation, is always the same upload (nothing to average), and two sequences that differ
 * anywhere up to t never share noise at t (nothing to subtract). Greedy (temperature 0) or sampled at a
 * temperature from a seeded generator.
 */
public final class SplitGenerator {
    private final LmDevice device;
    private final LmCloud cloud;
    private final LmTokenizer tokenizer;

    public SplitGenerator(LmDevice device, LmCloud cloud, LmTokenizer tokenizer) {
        this.device = device;
        this.cloud = cloud;
        this.tokenizer = tokenizer;
    }

    /** The prompt and what follows, {@code steps} positions after BOS in all (prompt included, as run.c counts) or until BOS. */
    public String generate(String prompt, int steps, float temperature, long seed) {
        int[] prompted = tokenizer.encode(prompt);
        int context = device.bottom().config().contextLength();
        if (prompted.length >= context) {
            throw new IllegalArgumentException("the prompt is " + prompted.length + " tokens; the model's context is "
                    + context + ", so nothing would be generated");
        }
        int dim = device.bottom().config().dim();
        int limit = Math.min(
                Math.max(steps + 1, prompted.length), device.bottom().config().contextLength());
        int[] tokens = Arrays.copyOf(prompted, limit);
        int length = prompted.length;
        float[] uploaded = new float[limit * dim];
        int sent = 0;
        Random random = new Random(seed);
        while (length < limit) {
            EncodedCorpus encoded = device.encode(java.util.List.of(Arrays.copyOf(tokens, length)));
            for (; sent < length; sent++) {
                long prefixNonce = device.perturber().textNonce(Arrays.copyOf(tokens, sent + 1), 0);
                float[] perturbed = device.perturber()
                        .perturbAt(rows(encoded, sent, sent + 1), prefixNonce, sent)
                        .perturbed();
                System.arraycopy(perturbed, 0, uploaded, sent * dim, dim);
            }
            float[] output = cloud.infer(new LmUpload(Arrays.copyOf(uploaded, length * dim), 1, length));
            float[] logits = device.lastLogits(output, length);
            int next = temperature <= 0 ? argMax(logits) : sample(logits, temperature, random);
            if (next == LmTokenizer.BOS) {
                break;
            }
            tokens[length++] = next;
        }
        return tokenizer.text(Arrays.copyOf(tokens, length));
    }

    /** Rows {@code from..to} of a one-text corpus, as a one-text corpus. */
    private static EncodedCorpus rows(EncodedCorpus c, int from, int to) {
        int d = c.dim();
        return new EncodedCorpus(
                Arrays.copyOfRange(c.representations(), from * d, to * d),
                Arrays.copyOfRange(c.ids(), from, to),
                Arrays.copyOfRange(c.special(), from, to),
                c.importance() == null ? null : Arrays.copyOfRange(c.importance(), from, to),
                new int[] {0, to - from},
                d);
    }

    private static int argMax(float[] logits) {
        return GreedyGenerator.argMax(logits, 0, logits.length); // ties to the lower id, as run.c
    }

    static int sample(float[] logits, float temperature, Random random) {
        double max = logits[argMax(logits)];
        double[] p = new double[logits.length];
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            total += p[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < p.length; i++) {
            u -= p[i];
            if (u <= 0) {
                return i;
            }
        }
        return p.length - 1;
    }
}
