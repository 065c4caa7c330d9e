package io.privtune.core.model;

/** The sizes of a BERT-family encoder that the dictionary code needs. */
public record BertShape(int vocabSize, int hidden, int layers, int maxPositions, int typeVocabSize, float layerNormEps) { }
