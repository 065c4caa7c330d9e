package io.privtune.split.train;

import io.privtune.split.data.LabelledText;
import io.privtune.split.text.Encoding;
import java.util.ArrayList;
import java.util.List;

/** The texts and labels of a batch, given its row numbers in the data set. */
public final class BatchRows {
    private BatchRows() {}

    public static List<Encoding> texts(List<Encoding> all, int[] rows) {
        List<Encoding> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            out.add(all.get(r));
        }
        return out;
    }

    public static int[] labels(List<LabelledText> all, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = all.get(rows[i]).label();
        }
        return out;
    }
}
