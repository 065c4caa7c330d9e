package io.privtune.core.knn;

/**
 * The k best database rows for each of {@code rows} queries, row-major: {@code ids[q * k + i]} is the
 * i-th most similar row to query q and {@code similarities[q * k + i]} its cosine similarity, sorted by
 * similarity descending, ties by id ascending.
 */
public record NeighbourLists(int rows, int k, int[] ids, float[] similarities) {
    public NeighbourLists {
        if (ids.length != (long) rows * k || similarities.length != (long) rows * k) {
            throw new IllegalArgumentException("neighbour lists of " + rows + " x " + k + " need " + ((long) rows * k)
                    + " ids and similarities, found " + ids.length + " and " + similarities.length);
        }
    }

    public int id(int row, int rank) {
        return ids[row * k + rank];
    }

    public float similarity(int row, int rank) {
        return similarities[row * k + rank];
    }

    public int[] idsOf(int row) {
        return java.util.Arrays.copyOfRange(ids, row * k, row * k + k);
    }
}
