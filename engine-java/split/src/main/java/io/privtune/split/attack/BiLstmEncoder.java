package io.privtune.split.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * A one-layer BiLSTM (the SIP/BiSR family's reader). Padding is masked exactly: the forward LSTM reads each text left
 * to right with the padding after it, the backward LSTM reads each text reversed within its own length (padding again
 * after it), and its outputs are put back in order, so no real position ever sees a padded one.
 */
final class BiLstmEncoder implements SequenceEncoder {
    private final LSTM forwardLstm;
    private final LSTM backwardLstm;
    private final int hidden;

    /** {@code hidden} LSTM state per direction over rows of width {@code dim}. */
    BiLstmEncoder(NDManager manager, int dim, int hidden) {
        this.hidden = hidden;
        this.forwardLstm = lstm(hidden);
        this.backwardLstm = lstm(hidden);
        forwardLstm.initialize(manager, DataType.FLOAT32, new Shape(1, 1, dim));
        backwardLstm.initialize(manager, DataType.FLOAT32, new Shape(1, 1, dim));
    }

    private static LSTM lstm(int hidden) {
        return LSTM.builder()
                .setStateSize(hidden)
                .setNumLayers(1)
                .optBatchFirst(true)
                .optReturnState(false)
                .build();
    }

    @Override
    public List<Block> blocks() {
        return List.of(forwardLstm, backwardLstm);
    }

    @Override
    public long width() {
        return 2L * hidden;
    }

    @Override
    public NDArray encode(ParameterStore store, NDArray input, NDArray reverse, NDArray present, boolean training) {
        NDArray forward =
                forwardLstm.forward(store, new NDList(input), training).singletonOrThrow();
        NDArray backward = backwardLstm
                .forward(store, new NDList(reverse.matMul(input)), training)
                .singletonOrThrow();
        return forward.concat(reverse.matMul(backward), -1);
    }
}
