/**
 * The attacks of docs/DESIGN.md §4 on uploaded representations: knn, inversion model (naive, adaptive), optimisation;
 * attribute MLP, bag of tokens, keyword multi-label.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.split.attack;
