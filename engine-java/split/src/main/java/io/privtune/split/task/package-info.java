/**
 * Tasks and their utility metrics: the k-class classification tasks ({@link io.privtune.split.task.ClassificationTask}:
 * sst2, fpb, blog-topic, ag-news) with accuracy and macro-F1, and SQuAD v1.1's exact match and F1.
 *
 * <p><b>API</b>: stable names for code that embeds PrivTune; documented in the README ("Using the engine from
 * Java").
 */
package io.privtune.split.task;
