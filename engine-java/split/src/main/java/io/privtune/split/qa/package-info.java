/**
 * Extractive question answering on the split model (SQuAD v1.1): questions with their contexts cut into windows
 * ({@link io.privtune.split.qa.QaWindows}), a start/end head on the top model trained on the perturbed upload of
 * each window ({@link io.privtune.split.qa.QaFineTuner}), and the best span over a question's windows mapped back to
 * the context's text ({@link io.privtune.split.qa.SpanDecoder}), scored with the official exact match and F1.
 */
package io.privtune.split.qa;
