package io.privtune.split.attack;

/**
 * The victim tokens an inversion attack is scored on: the non-special rows of an upload (the attacker
 * knows where [CLS], [SEP] and padding sit, and they carry no private word) and their true ids.
 */
record AttackedTokens(float[] rows, int[] truth, int count) {
    static AttackedTokens of(float[] uploaded, int[] ids, boolean[] special, int dim, String attack) {
        int count = 0;
        for (boolean s : special) {
            count += s ? 0 : 1;
        }
        if (count == 0) {
            throw new IllegalArgumentException(attack + ": no non-special tokens to attack");
        }
        float[] rows = new float[count * dim];
        int[] truth = new int[count];
        for (int i = 0, q = 0; i < ids.length; i++) {
            if (!special[i]) {
                System.arraycopy(uploaded, i * dim, rows, q * dim, dim);
                truth[q++] = ids[i];
            }
        }
        return new AttackedTokens(rows, truth, count);
    }
}
