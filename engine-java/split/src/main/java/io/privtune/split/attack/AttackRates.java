package io.privtune.split.attack;

/** Token recovery of an embedding-inversion attack: top-1 (the ASR) and top-5 rates over {@code attacked} non-special tokens. */
public record AttackRates(int attacked, double top1, double top5) {}
