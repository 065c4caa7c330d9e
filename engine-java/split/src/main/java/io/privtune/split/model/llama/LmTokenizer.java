package io.privtune.split.model.llama;

/**
 * What a causal LM needs of its tokenizer: text to ids that start with BOS, and back. llama2.c's tokenizer.bin
 * ({@link Llama2cTokenizer}) and a Hugging Face tokenizer.json ({@link HfLmTokenizer}) both serve, so the split,
 * fine-tuning, generation and the attacks are one code path for the shipped model and for users' checkpoints.
 */
public interface LmTokenizer {
    /** Llama's BOS id, which the decoder's split and generation rely on (a tokenizer with another is refused). */
    int BOS = 1;

    int vocabSize();

    /** The ids of {@code text}, BOS first. */
    int[] encode(String text);

    /** The text a sequence that starts with BOS stands for (the inverse of {@link #encode}). */
    String text(int[] tokens);
}
