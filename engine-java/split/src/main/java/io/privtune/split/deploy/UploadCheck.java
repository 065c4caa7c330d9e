package io.privtune.split.deploy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.privtune.split.deploy.wire.LmActivations;
import io.privtune.split.deploy.wire.Upload;
import io.privtune.split.lm.LmUpload;
import io.privtune.split.model.PaddedBatch;
import java.util.List;

/**
 * The cloud's check of everything a device sends before any of it touches the model: shapes against
 * the session's width (and a decoder's context), masks of 0/1 with a real token per row, finite values, labels in range. A bad
 * message is refused with INVALID_ARGUMENT naming the field, what was expected and what was found.
 */
final class UploadCheck {
    static final int MAX_BATCH = 1024;
    /** The widest head a session may ask for (the tasks have 2-5 classes). */
    static final int MAX_CLASSES = 1024;

    private UploadCheck() {}

    /** The batch's mask as a PaddedBatch (token ids are never sent: they stay zero here). */
    static PaddedBatch batch(Upload upload, int hidden, int maxPositions) {
        require(
                upload.getBatch() >= 1 && upload.getBatch() <= MAX_BATCH,
                "upload.batch",
                "1.." + MAX_BATCH,
                upload.getBatch());
        require(
                upload.getLength() >= 1 && upload.getLength() <= maxPositions,
                "upload.length",
                "1.." + maxPositions,
                upload.getLength());
        require(upload.getHidden() == hidden, "upload.hidden", "the model width " + hidden, upload.getHidden());
        long positions = (long) upload.getBatch() * upload.getLength();
        require(
                upload.getRepresentationsCount() == positions * hidden,
                "upload.representations",
                positions * hidden + " floats (batch x length x hidden)",
                upload.getRepresentationsCount());
        require(
                upload.getMaskCount() == positions,
                "upload.mask",
                positions + " floats (batch x length)",
                upload.getMaskCount());
        for (int i = 0; i < upload.getRepresentationsCount(); i++) {
            float v = upload.getRepresentations(i);
            if (!Float.isFinite(v)) {
                throw invalid("upload.representations[" + i + "] is " + v + "; every value must be finite");
            }
        }
        float[] mask = new float[(int) positions];
        boolean[] special = new boolean[(int) positions];
        for (int b = 0; b < upload.getBatch(); b++) {
            boolean any = false;
            for (int l = 0; l < upload.getLength(); l++) {
                int p = b * upload.getLength() + l;
                float m = upload.getMask(p);
                if (m != 0f && m != 1f) {
                    throw invalid("upload.mask[" + p + "] is " + m + "; expected 0 or 1");
                }
                mask[p] = m;
                special[p] = m == 0f;
                any |= m == 1f;
            }
            if (!any) {
                throw invalid("upload.mask row " + b + " has no real token");
            }
        }
        return new PaddedBatch(upload.getBatch(), upload.getLength(), new long[(int) positions], mask, special);
    }

    static int[] labels(List<Integer> labels, int batch, int classes) {
        require(labels.size() == batch, "labels", batch + " (one per row)", labels.size());
        int[] out = new int[batch];
        for (int i = 0; i < batch; i++) {
            int label = labels.get(i);
            if (label < 0 || label >= classes) {
                throw invalid("labels[" + i + "] is " + label + "; expected 0.." + (classes - 1));
            }
            out[i] = label;
        }
        return out;
    }

    /** A decoder upload (windows x length x width floats) as the middle takes it, after every check. */
    static LmUpload activations(LmActivations upload, int width, int contextLength) {
        require(
                upload.getWindows() >= 1 && upload.getWindows() <= MAX_BATCH,
                "upload.windows",
                "1.." + MAX_BATCH,
                upload.getWindows());
        require(
                upload.getLength() >= 1 && upload.getLength() <= contextLength,
                "upload.length",
                "1.." + contextLength + " (the model's context)",
                upload.getLength());
        require(upload.getWidth() == width, "upload.width", "the model width " + width, upload.getWidth());
        long floats = (long) upload.getWindows() * upload.getLength() * width;
        require(
                upload.getValuesCount() == floats,
                "upload.values",
                floats + " floats (windows x length x width)",
                upload.getValuesCount());
        return new LmUpload(finite("upload.values", upload.getValuesList()), upload.getWindows(), upload.getLength());
    }

    /** {@code values} as floats, each finite; the first that is not is named as {@code field}[i]. */
    static float[] finite(String field, List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            float v = values.get(i);
            if (!Float.isFinite(v)) {
                throw invalid(field + "[" + i + "] is " + v + "; every value must be finite");
            }
            out[i] = v;
        }
        return out;
    }

    static float[] representations(Upload upload) {
        float[] out = new float[upload.getRepresentationsCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = upload.getRepresentations(i);
        }
        return out;
    }

    private static void require(boolean ok, String field, String expected, long found) {
        if (!ok) {
            throw invalid(field + ": expected " + expected + ", found " + found);
        }
    }

    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
