package io.privtune.split.model.llama;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * llama2.c's tokenizer (tokenizer.bin: int32 max token length, then per token a float score, an int32
 * length and the bytes) and its encoder exactly as run.c has it: BOS, a dummy-prefix space, one token per
 * UTF-8 character (its bytes + 3 when the character is not in the vocabulary), then repeatedly merge the
 * adjacent pair whose concatenation has the highest score. Tokens are byte strings; they are held here as
 * ISO-8859-1 strings (one char per byte) so that concatenation and lookup are byte-exact.
 */
public final class Llama2cTokenizer implements LmTokenizer {
    public static final int EOS = 2;
    /** Token id of byte b is b + BYTE_OFFSET ("<0x00>" .. "<0xFF>" follow <unk>, <s>, </s>). */
    private static final int BYTE_OFFSET = 3;

    private final String[] vocab;
    private final float[] scores;
    private final Map<String, Integer> ids = new HashMap<>();

    private Llama2cTokenizer(String[] vocab, float[] scores) {
        this.vocab = vocab;
        this.scores = scores;
        for (int i = 0; i < vocab.length; i++) {
            ids.putIfAbsent(vocab[i], i);
        }
    }

    /** Reads {@code file} for a model of {@code vocabSize} tokens (the checkpoint's header says how many). */
    public static Llama2cTokenizer read(Path file, int vocabSize) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file (a llama2.c tokenizer, e.g. tok512.bin)");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        String[] vocab = new String[vocabSize];
        float[] scores = new float[vocabSize];
        try {
            int maxLength = in.getInt();
            for (int i = 0; i < vocabSize; i++) {
                scores[i] = in.getFloat();
                int length = in.getInt();
                if (length < 0 || length > maxLength) {
                    throw new IllegalArgumentException(
                            file + ": token " + i + " has length " + length + ", expected 0.." + maxLength);
                }
                byte[] piece = new byte[length];
                in.get(piece);
                vocab[i] = new String(piece, StandardCharsets.ISO_8859_1);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException(file + ": ends before its " + vocabSize + " tokens (" + bytes.length
                    + " bytes); is it the tokenizer of this model?");
        }
        return new Llama2cTokenizer(vocab, scores);
    }

    @Override
    public int vocabSize() {
        return vocab.length;
    }

    /** run.c's encode(text, bos = 1, eos = 0). */
    @Override
    public int[] encode(String text) {
        List<Integer> tokens = new ArrayList<>();
        tokens.add(BOS);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0) {
            tokens.add(lookup(" "));
        }
        int i = 0;
        while (i < utf8.length) {
            int end = i + 1; // one UTF-8 character: the lead byte and its continuation bytes, at most 4
            while (end < utf8.length && (utf8[end] & 0xC0) == 0x80 && end - i < 4) {
                end++;
            }
            String character = new String(utf8, i, end - i, StandardCharsets.ISO_8859_1);
            Integer id = ids.get(character);
            if (id != null) {
                tokens.add(id);
            } else {
                for (int b = i; b < end; b++) {
                    tokens.add((utf8[b] & 0xFF) + BYTE_OFFSET);
                }
            }
            i = end;
        }
        while (true) {
            float bestScore = -1e10f;
            int bestId = -1;
            int bestIndex = -1;
            for (int t = 0; t < tokens.size() - 1; t++) {
                Integer merged = ids.get(vocab[tokens.get(t)] + vocab[tokens.get(t + 1)]);
                if (merged != null && scores[merged] > bestScore) {
                    bestScore = scores[merged];
                    bestId = merged;
                    bestIndex = t;
                }
            }
            if (bestIndex < 0) {
                break;
            }
            tokens.set(bestIndex, bestId);
            tokens.remove(bestIndex + 1);
        }
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The bytes run.c prints for {@code token} after {@code previous}: no leading space right after BOS, a
     * "&lt;0xXX&gt;" token as its byte, and nothing for a lone byte that is neither printable nor white space.
     */
    public byte[] decode(int previous, int token) {
        String piece = piece(previous, token);
        if (piece.length() == 1) {
            char c = piece.charAt(0);
            boolean printable = c >= 0x20 && c < 0x7F;
            boolean space = c == ' ' || (c >= '\t' && c <= '\r');
            if (!printable && !space) {
                return new byte[0];
            }
        }
        return piece.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A token's bytes after {@code previous}: no leading space right after BOS, a "&lt;0xXX&gt;" token as its byte. */
    private String piece(int previous, int token) {
        String piece = vocab[token];
        if (previous == BOS && piece.startsWith(" ")) {
            piece = piece.substring(1);
        }
        if (piece.length() == 6 && piece.startsWith("<0x") && piece.endsWith(">")) {
            try {
                piece = String.valueOf((char) Integer.parseInt(piece.substring(3, 5), 16));
            } catch (NumberFormatException notAByte) {
                // an ordinary token that happens to look like one
            }
        }
        return piece;
    }

    /**
     * The text a token sequence that starts with BOS stands for: the inverse of {@link #encode}, byte tokens
     * reassembled into their UTF-8 characters (which run.c's printing, {@link #decodeAll}, drops).
     */
    @Override
    public String text(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int t = 1; t < tokens.length; t++) {
            out.writeBytes(piece(tokens[t - 1], tokens[t]).getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What run.c prints for a token sequence that starts with BOS ({@link #decode} per token), as UTF-8 text. */
    public String decodeAll(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int t = 1; t < tokens.length; t++) {
            out.writeBytes(decode(tokens[t - 1], tokens[t]));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private int lookup(String piece) {
        Integer id = ids.get(piece);
        if (id == null) {
            throw new IllegalStateException("the tokenizer has no token for '" + piece + "'");
        }
        return id;
    }
}
