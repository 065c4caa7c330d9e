/**
 * The privacy-utility experiment: a grid of cells, each private fine-tuning plus every attack, stored cell by
 * cell, and its report and plots.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.split.experiment;
