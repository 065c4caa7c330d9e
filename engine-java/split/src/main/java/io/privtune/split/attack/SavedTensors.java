package io.privtune.split.attack;

import ai.djl.ndarray.NDArray;
import io.privtune.core.io.DType;
import io.privtune.core.io.SafetensorsException;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.SafetensorsWriter;
import io.privtune.core.io.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * A trained attacker as named safetensors tensors under a prefix ({@code ""} or ending in {@code .}): its kind in the
 * metadata, scalars as 0-d tensors, and the model's weights with their shapes in the order {@link EarlyStopping}
 * copies them, the list that makes the trained model what it is. Reading checks every name, type and shape against
 * what the reader expects, so a wrong file fails with a message instead of a model that predicts something else.
 */
final class SavedTensors {
    private SavedTensors() {}

    static void writeKind(SafetensorsWriter out, String prefix, String kind) {
        out.metadata(prefix + "kind", kind);
    }

    static void readKind(SafetensorsFile in, String prefix, String kind) {
        String found = in.metadata().get(prefix + "kind");
        if (!kind.equals(found)) {
            throw new SafetensorsException(
                    in.fileName(), "expected a saved " + kind + " at '" + prefix + "', found " + found);
        }
    }

    static int readInt(SafetensorsFile in, String name) {
        return in.tensor(name, DType.I32).toIntArray()[0];
    }

    static float readFloat(SafetensorsFile in, String name) {
        return in.tensor(name, DType.F32).toFloatArray()[0];
    }

    static long readLong(SafetensorsFile in, String name) {
        return in.tensor(name, DType.I64).toLongArray()[0];
    }

    /** A one-dimensional I32 tensor of any length. */
    static int[] readInts(SafetensorsFile in, String name) {
        Tensor t = in.tensor(name);
        if (t.dtype() != DType.I32 || t.shape().length != 1) {
            throw new SafetensorsException(
                    in.fileName(),
                    "tensor '" + name + "' must be I32 of shape [n], found " + t.dtype() + " "
                            + Arrays.toString(t.shape()));
        }
        return t.toIntArray();
    }

    static float[] readFloats(SafetensorsFile in, String name, int length) {
        return in.tensor(name, DType.F32, length).toFloatArray();
    }

    static void writeWeights(SafetensorsWriter out, String prefix, List<NDArray> weights) {
        float[][] values = EarlyStopping.copy(weights);
        for (int i = 0; i < values.length; i++) {
            out.addF32(
                    prefix + "weights." + i,
                    values[i],
                    weights.get(i).getShape().getShape());
        }
    }

    /** Reads weights saved by {@link #writeWeights} into {@code weights}, which must have the same shapes. */
    static void readWeights(SafetensorsFile in, String prefix, List<NDArray> weights) {
        if (in.tensors().containsKey(prefix + "weights." + weights.size())) {
            throw new SafetensorsException(
                    in.fileName(), "more weight arrays saved at '" + prefix + "' than the model's " + weights.size());
        }
        float[][] values = new float[weights.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.tensor(
                            prefix + "weights." + i,
                            DType.F32,
                            weights.get(i).getShape().getShape())
                    .toFloatArray();
        }
        EarlyStopping.paste(weights, values);
    }
}
