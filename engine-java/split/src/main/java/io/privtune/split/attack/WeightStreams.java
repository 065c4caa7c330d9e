package io.privtune.split.attack;

import ai.djl.ndarray.NDArray;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The binary pieces a trained attacker is saved as: a tag naming what follows, arrays with their length, and the
 * model's weights in the order {@link EarlyStopping} copies them, the list that makes the trained model what it is.
 * Reading checks every length against what the reader expects, so a wrong or damaged stream fails with a message
 * instead of a model that predicts something else.
 */
final class WeightStreams {
    /** No attacker's own arrays (class maps, feature statistics) come near this: a larger length is damage. */
    private static final int MAX_LENGTH = 1 << 24;
    /** Floats per bulk read or write. */
    private static final int CHUNK = 1 << 16;

    private WeightStreams() {}

    static void writeTag(DataOutputStream out, String tag) throws IOException {
        out.writeUTF(tag);
    }

    static void readTag(DataInputStream in, String tag) throws IOException {
        String found = in.readUTF();
        if (!found.equals(tag)) {
            throw new IOException("expected a saved " + tag + ", found " + found);
        }
    }

    static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    static int[] readInts(DataInputStream in, String what) throws IOException {
        int[] values = new int[length(in, what)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        floats(out, values);
    }

    static float[] readFloats(DataInputStream in, String what) throws IOException {
        float[] values = new float[length(in, what)];
        floats(in, values);
        return values;
    }

    static void writeWeights(DataOutputStream out, List<NDArray> weights) throws IOException {
        out.writeInt(weights.size());
        for (float[] values : EarlyStopping.copy(weights)) {
            writeFloats(out, values);
        }
    }

    /** Reads weights saved by {@link #writeWeights} into {@code weights}, which must have the same shapes. */
    static void readWeights(DataInputStream in, List<NDArray> weights, String what) throws IOException {
        int count = in.readInt();
        if (count != weights.size()) {
            throw new IOException(what + ": " + count + " weight arrays saved, the model has " + weights.size());
        }
        float[][] values = new float[count][];
        for (int i = 0; i < count; i++) {
            long expected = weights.get(i).size();
            int length = in.readInt();
            if (length != expected) {
                throw new IOException(
                        what + ": weight array " + i + " has " + length + " values saved, the model " + expected);
            }
            values[i] = new float[length];
            floats(in, values[i]);
        }
        EarlyStopping.paste(weights, values);
    }

    private static int length(DataInputStream in, String what) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_LENGTH) {
            throw new IOException(what + ": implausible saved length " + length);
        }
        return length;
    }

    private static void floats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(4 * Math.min(CHUNK, values.length));
        for (int from = 0; from < values.length; from += CHUNK) {
            int n = Math.min(CHUNK, values.length - from);
            bytes.clear();
            bytes.asFloatBuffer().put(values, from, n);
            out.write(bytes.array(), 0, 4 * n);
        }
    }

    private static void floats(DataInputStream in, float[] values) throws IOException {
        byte[] bytes = new byte[4 * Math.min(CHUNK, values.length)];
        for (int from = 0; from < values.length; from += CHUNK) {
            int n = Math.min(CHUNK, values.length - from);
            in.readFully(bytes, 0, 4 * n);
            ByteBuffer.wrap(bytes, 0, 4 * n).asFloatBuffer().get(values, from, n);
        }
    }
}
