package io.privtune.split.qa;

import io.privtune.split.text.Encoding;

/**
 * One window of a question: [CLS] question [SEP] a stretch of its context [SEP], as the device encodes and perturbs
 * it. {@code charStart}/{@code charEnd} give each position's span of the context (UTF-16, end exclusive; -1 outside
 * the context), so a predicted span maps back to text. {@code start}/{@code end} are the gold answer's positions
 * when the window holds all of it, else 0 and 0 ([CLS]), the usual convention for a window without the answer.
 *
 * @param question the question's index in the list the windows were made from
 * @param texts    what the device encodes and perturbs, each on its own, laid end to end: {@code encoding} itself
 *                 ({@link QaOptions.Upload#JOINT}), or the question and the context chunk ({@link QaOptions.Upload#SEPARATE})
 */
public record QaWindow(
        int question,
        Encoding encoding,
        java.util.List<Encoding> texts,
        int[] charStart,
        int[] charEnd,
        int start,
        int end) {
    public int length() {
        return encoding.length();
    }

    public boolean inContext(int position) {
        return charStart[position] >= 0;
    }

    public boolean holdsAnswer() {
        return start > 0;
    }
}
