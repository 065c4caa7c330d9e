package io.privtune.split.data;

/** One labelled example: its text and its class index. */
public record LabelledText(String text, int label) {}
