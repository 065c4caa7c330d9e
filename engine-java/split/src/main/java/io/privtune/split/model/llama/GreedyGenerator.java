package io.privtune.split.model.llama;

import java.util.Arrays;

/**
 * Greedy decoding as llama2.c's run.c does it with temperature 0: the prompt's tokens are forced, then each
 * next token is the first arg-max of the logits, until {@code steps} positions (prompt included) or BOS.
 */
public final class GreedyGenerator {
    private final LlamaModel model;
    private final Llama2cTokenizer tokenizer;

    public GreedyGenerator(LlamaModel model, Llama2cTokenizer tokenizer) {
        if (tokenizer.vocabSize() != model.config().vocab()) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabSize() + " tokens, the model "
                    + model.config().vocab());
        }
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** The text run.c prints for {@code prompt} and {@code steps} (without its final newline). */
    public String generate(String prompt, int steps) {
        int[] prompted = tokenizer.encode(prompt);
        int limit = steps <= 0
                ? model.config().contextLength()
                : Math.min(steps, model.config().contextLength());
        int vocab = model.config().vocab();
        int[] tokens = new int[limit + 1];
        tokens[0] = prompted[0];
        int length = 1;
        for (int pos = 0; pos < limit; pos++) {
            int next;
            if (pos < prompted.length - 1) {
                next = prompted[pos + 1]; // the prompt is forced, not predicted
            } else {
                float[] logits = model.logits(Arrays.copyOf(tokens, length));
                next = argMax(logits, pos * vocab, vocab);
            }
            if (next == Llama2cTokenizer.BOS) {
                break;
            }
            tokens[length++] = next;
        }
        return tokenizer.decodeAll(Arrays.copyOf(tokens, length));
    }

    /** The first index of the largest value (run.c compares with '&gt;', so ties go to the lower id). */
    public static int argMax(float[] values, int offset, int count) {
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
