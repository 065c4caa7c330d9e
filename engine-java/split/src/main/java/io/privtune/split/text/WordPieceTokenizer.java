package io.privtune.split.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.privtune.core.progress.Progress;
import io.privtune.split.data.LabelledText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The model's own tokenizer, from its tokenizer.json, through DJL's Hugging Face tokenizers (offline). */
public final class WordPieceTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    private WordPieceTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * A tokenizer that never cuts a text, for {@link #pieces} of texts longer than the model's window (extractive QA's
     * contexts): the caller cuts the pieces into windows itself.
     */
    public static WordPieceTokenizer openUncut(Path tokenizerJson) {
        return create(tokenizerJson, Map.of("truncation", "false", "padding", "false"));
    }

    private static WordPieceTokenizer create(Path tokenizerJson, Map<String, String> options) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IllegalArgumentException(tokenizerJson + ": no such tokenizer.json");
        }
        try {
            return new WordPieceTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, options));
        } catch (IOException e) {
            throw new UncheckedIOException(tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    public static WordPieceTokenizer open(Path tokenizerJson, int maxLength) {
        if (maxLength < 3) {
            throw new IllegalArgumentException(
                    "max sequence length must be >= 3 ([CLS] token [SEP]), found " + maxLength);
        }
        return create(
                tokenizerJson,
                Map.of("maxLength", Integer.toString(maxLength), "truncation", "true", "padding", "false"));
    }

    public Encoding encode(String text) {
        var encoding = tokenizer.encode(text);
        long[] ids = encoding.getIds();
        long[] mask = encoding.getSpecialTokenMask();
        int[] out = new int[ids.length];
        boolean[] special = new boolean[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
            special[i] = mask[i] != 0;
        }
        return new Encoding(out, special);
    }

    /**
     * A text's word pieces without [CLS]/[SEP], each with the span of the text it came from (UTF-16 indices,
     * end exclusive): what extractive QA cuts into windows and maps predicted spans back through. The
     * tokenizer's length limit applies: open it with {@link #openUncut} for texts longer than a window.
     */
    public Pieces pieces(String text) {
        var encoding = tokenizer.encode(text, false, false);
        long[] ids = encoding.getIds();
        var spans = encoding.getCharTokenSpans();
        // the tokenizer counts code points (Rust chars); Java strings index UTF-16 units
        int[] unitOf = new int[text.codePointCount(0, text.length()) + 1];
        for (int cp = 0, unit = 0; cp < unitOf.length; cp++) {
            unitOf[cp] = unit;
            if (unit < text.length()) {
                unit += Character.charCount(text.codePointAt(unit));
            }
        }
        int[] out = new int[ids.length];
        int[] start = new int[ids.length];
        int[] end = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
            if (spans[i] == null) {
                throw new IllegalStateException(
                        "the tokenizer gave no text span for piece " + i + " of '" + text + "'");
            }
            start[i] = unitOf[spans[i].getStart()];
            end[i] = unitOf[spans[i].getEnd()];
        }
        return new Pieces(out, start, end);
    }

    /** Word pieces and the text span of each: piece i is {@code text.substring(start[i], end[i])} (up to "##"). */
    public record Pieces(int[] ids, int[] start, int[] end) {
        public int length() {
            return ids.length;
        }
    }

    /** Encodes every row's text, reporting progress as task {@code name}. */
    public List<Encoding> encodeAll(List<LabelledText> rows, Progress progress, String name) {
        List<Encoding> out = new ArrayList<>(rows.size());
        try (Progress.Task task = progress.start(name, rows.size(), "sentences")) {
            for (LabelledText row : rows) {
                out.add(encode(row.text()));
                if (out.size() % 1000 == 0 || out.size() == rows.size()) {
                    task.advance(out.size(), rows.size());
                }
            }
        }
        return out;
    }

    /** The ids that open and close every sequence ([CLS] and [SEP] for BERT, &lt;s&gt; and &lt;/s&gt; for RoBERTa). */
    public int[] boundaryIds() {
        int[] ids = encode("").ids();
        if (ids.length != 2) {
            throw new IllegalStateException(
                    "the tokenizer does not wrap sequences in two special tokens (found " + ids.length + ")");
        }
        return ids;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
