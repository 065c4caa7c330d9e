package io.privtune.split.qa;

import io.privtune.core.progress.Progress;
import io.privtune.split.data.SquadDataset;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts each question's context into windows of at most {@code maxLength} tokens, [CLS] question [SEP] context
 * [SEP]. Joint windows ({@link QaOptions.Upload#JOINT}) start {@code docStride} context tokens apart (BERT's
 * run_squad), so an answer cut by one window's edge is whole in the next. Separate windows cut the context into
 * fixed chunks of {@code maxLength - maxQuestion - 3} tokens, the same for every question on it, so each chunk is
 * one text the device uploads once. Questions longer than {@code maxQuestion} tokens are cut. Every token is type 0:
 * the bottom model has one embedding path for every task, and [SEP] marks the segments.
 */
public final class QaWindows {
    private final WordPieceTokenizer tokenizer;
    private final int cls;
    private final int sep;
    private final int maxLength;
    private final int docStride;
    private final int maxQuestion;
    private final QaOptions.Upload upload;

    /**
     * @param tokenizer   opened with {@link WordPieceTokenizer#openUncut}: contexts are cut here, not there
     * @param boundaryIds [CLS] and [SEP] ({@link WordPieceTokenizer#boundaryIds})
     */
    public QaWindows(
            WordPieceTokenizer tokenizer,
            int[] boundaryIds,
            int maxLength,
            int docStride,
            int maxQuestion,
            QaOptions.Upload upload) {
        requireRoom(maxLength, maxQuestion);
        if (docStride < 1) {
            throw new IllegalArgumentException("doc stride must be >= 1 token, found " + docStride);
        }
        this.tokenizer = tokenizer;
        this.cls = boundaryIds[0];
        this.sep = boundaryIds[1];
        this.maxLength = maxLength;
        this.docStride = docStride;
        this.maxQuestion = maxQuestion;
        this.upload = upload;
    }

    /**
     * Refuses, before any work, a window of {@code maxLength} tokens that cannot hold the question and some context,
     * or that is longer than the model's positions ({@code maxSequence}).
     */
    public static void requireFits(int maxLength, QaOptions options, String model, int maxSequence) {
        requireRoom(maxLength, options.maxQuestionTokens());
        if (maxLength > maxSequence) {
            throw new IllegalArgumentException("a QA window of --max-length " + maxLength + " tokens is longer than "
                    + model + "'s " + maxSequence + " positions");
        }
    }

    private static void requireRoom(int maxLength, int maxQuestion) {
        if (maxQuestion < 1 || maxLength < maxQuestion + 4) {
            throw new IllegalArgumentException("a QA window of " + maxLength
                    + " tokens cannot hold a question of up to "
                    + maxQuestion + " tokens, three special tokens and any context: raise --max-length or lower "
                    + "--max-question");
        }
    }

    /** As configured by {@code options}, {@code maxLength} being the window length. */
    public QaWindows(WordPieceTokenizer tokenizer, int[] boundaryIds, int maxLength, QaOptions options) {
        this(tokenizer, boundaryIds, maxLength, options.docStride(), options.maxQuestionTokens(), options.upload());
    }

    /** Every window of every question, in question order; gold positions from each question's first answer. */
    public List<QaWindow> of(List<SquadDataset.Question> questions, Progress progress, String name) {
        List<QaWindow> windows = new ArrayList<>();
        try (Progress.Task task = progress.start(name, questions.size(), "questions")) {
            for (int q = 0; q < questions.size(); q++) {
                windows.addAll(of(q, questions.get(q)));
                if ((q + 1) % 500 == 0 || q + 1 == questions.size()) {
                    task.advance(q + 1, questions.size());
                }
            }
        }
        return windows;
    }

    /** The windows of one question, {@code index} being its place in the caller's list. */
    public List<QaWindow> of(int index, SquadDataset.Question question) {
        int[] q = tokenizer.pieces(question.question()).ids();
        q = Arrays.copyOf(q, Math.min(q.length, maxQuestion));
        WordPieceTokenizer.Pieces context = tokenizer.pieces(question.context());
        if (context.length() == 0) {
            throw new IllegalArgumentException("question " + question.id() + ": its context has no tokens");
        }
        boolean separate = upload == QaOptions.Upload.SEPARATE;
        // separate chunks must not depend on the question, or each question would upload its own cut of the context
        int room = separate ? maxLength - maxQuestion - 3 : maxLength - q.length - 3;
        int stride = separate ? room : Math.min(docStride, room); // a longer stride would skip context tokens
        SquadDataset.Answer answer = question.answers().get(0);
        int[] gold = answerTokens(
                context, answer.start(), answer.start() + answer.text().length());
        List<QaWindow> windows = new ArrayList<>();
        for (int from = 0; ; from += stride) {
            int to = Math.min(context.length(), from + room);
            windows.add(window(index, q, context, from, to, gold));
            if (to == context.length()) {
                return windows;
            }
        }
    }

    /**
     * The texts the device uploads for {@code windows}, each once, in first-seen order: a text's upload is a function
     * of its tokens (its nonce, {@link io.privtune.split.train.DeviceSide#textNonce}), so a question or context chunk
     * that recurs in several windows is the same upload every time.
     */
    public static List<Encoding> distinctTexts(List<QaWindow> windows) {
        java.util.Map<String, Encoding> distinct = new java.util.LinkedHashMap<>();
        for (QaWindow w : windows) {
            for (Encoding text : w.texts()) {
                distinct.putIfAbsent(key(text), text);
            }
        }
        return List.copyOf(distinct.values());
    }

    /** A text's identity as the device sees it: its token ids. */
    public static String key(Encoding text) {
        return Arrays.toString(text.ids());
    }

    private QaWindow window(int index, int[] q, WordPieceTokenizer.Pieces context, int from, int to, int[] gold) {
        int offset = q.length + 2; // [CLS] question [SEP]
        int length = offset + (to - from) + 1;
        int[] ids = new int[length];
        boolean[] special = new boolean[length];
        int[] charStart = new int[length];
        int[] charEnd = new int[length];
        Arrays.fill(charStart, -1);
        Arrays.fill(charEnd, -1);
        ids[0] = cls;
        special[0] = true;
        System.arraycopy(q, 0, ids, 1, q.length);
        ids[q.length + 1] = sep;
        special[q.length + 1] = true;
        for (int t = from; t < to; t++) {
            int at = offset + t - from;
            ids[at] = context.ids()[t];
            charStart[at] = context.start()[t];
            charEnd[at] = context.end()[t];
        }
        ids[length - 1] = sep;
        special[length - 1] = true;
        Encoding joint = new Encoding(ids, special);
        List<Encoding> texts = upload == QaOptions.Upload.JOINT
                ? List.of(joint)
                : List.of(part(joint, 0, offset), part(joint, offset, length));
        boolean holds = gold != null && gold[0] >= from && gold[1] < to;
        int start = holds ? offset + gold[0] - from : 0;
        int end = holds ? offset + gold[1] - from : 0;
        return new QaWindow(index, joint, texts, charStart, charEnd, start, end);
    }

    private static Encoding part(Encoding e, int from, int to) {
        return new Encoding(Arrays.copyOfRange(e.ids(), from, to), Arrays.copyOfRange(e.special(), from, to));
    }

    /** The first and last context piece the answer's characters [from, to) touch; null if it covers no piece. */
    static int[] answerTokens(WordPieceTokenizer.Pieces context, int from, int to) {
        int first = -1;
        int last = -1;
        for (int t = 0; t < context.length(); t++) {
            if (context.end()[t] > from && context.start()[t] < to) {
                if (first < 0) {
                    first = t;
                }
                last = t;
            }
        }
        return first < 0 ? null : new int[] {first, last};
    }
}
