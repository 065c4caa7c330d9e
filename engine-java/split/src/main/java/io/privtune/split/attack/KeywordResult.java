package io.privtune.split.attack;

/**
 * keyword-mlc's micro-F1 over (text, keyword) pairs on the victim's texts, next to the trivial attacker's:
 * the same keyword set guessed for every text (the attacker's j most frequent, j chosen on its own text).
 */
public record KeywordResult(double f1, double baselineF1, int keywords, int victims) {}
