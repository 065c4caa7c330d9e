package io.privtune.split.text;

/** A tokenised sentence: ids and which positions are special ([CLS], [SEP], [PAD]). */
public record Encoding(int[] ids, boolean[] special) {
    public int length() {
        return ids.length;
    }
}
