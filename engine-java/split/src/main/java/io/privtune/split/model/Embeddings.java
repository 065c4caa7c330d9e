package io.privtune.split.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import io.privtune.core.model.BertShape;

/** Word + position + token-type embeddings and their LayerNorm, on DJL NDArrays (frozen). */
final class Embeddings {
    private final BertShape shape;
    private final NDArray words;
    private final NDArray positions;
    private final NDArray types;
    private final NDArray gamma;
    private final NDArray beta;

    Embeddings(BertWeights w, NDManager manager) {
        this.shape = w.shape();
        this.words = create(w, "embeddings.word_embeddings.weight", manager);
        this.positions = create(w, "embeddings.position_embeddings.weight", manager);
        this.types = create(w, "embeddings.token_type_embeddings.weight", manager);
        this.gamma = create(w, "embeddings.LayerNorm.weight", manager);
        this.beta = create(w, "embeddings.LayerNorm.bias", manager);
    }

    private static NDArray create(BertWeights w, String name, NDManager manager) {
        return manager.create(w.get(name), new Shape(w.shapeOf(name)));
    }

    /** ids [B, L] (int64) → [B, L, d]; positions 0..L−1 (after the model's offset), token type 0. */
    NDArray forward(NDArray ids) {
        long length = ids.getShape().get(1);
        if (length > shape.maxSequence()) {
            throw new IllegalArgumentException(
                    "sequence length " + length + " exceeds the model's " + shape.maxSequence() + " positions");
        }
        // results of ops on the weights would belong to the weights' manager and outlive the batch:
        // move them into the batch's scope (the manager of ids), which the caller closes
        NDManager scope = ids.getManager();
        NDArray gathered = words.get(new NDIndex("{}", ids));
        gathered.attach(scope);
        return addPositionsAndNormalise(gathered, length, scope);
    }

    /**
     * Word vectors [B, L, d] given directly (e.g. softmax(z)·E in the optimisation attack) instead of
     * looked up by id; everything after the lookup is the same as {@link #forward}.
     */
    NDArray forwardVectors(NDArray wordVectors) {
        long length = wordVectors.getShape().get(1);
        if (length > shape.maxSequence()) {
            throw new IllegalArgumentException(
                    "sequence length " + length + " exceeds the model's " + shape.maxSequence() + " positions");
        }
        return addPositionsAndNormalise(wordVectors, length, wordVectors.getManager());
    }

    /** The word-embedding matrix E [V, d] (frozen; owned by the model). */
    NDArray wordMatrix() {
        return words;
    }

    private NDArray addPositionsAndNormalise(NDArray wordVectors, long length, NDManager scope) {
        NDArray position = positions.get(shape.positionOffset() + ":" + (shape.positionOffset() + length));
        position.attach(scope);
        NDArray type = types.get(0);
        type.attach(scope);
        NDArray x = wordVectors.add(position).add(type);
        return LayerNorm.layerNorm(x, new Shape(shape.hidden()), gamma, beta, shape.layerNormEps())
                .singletonOrThrow();
    }
}
