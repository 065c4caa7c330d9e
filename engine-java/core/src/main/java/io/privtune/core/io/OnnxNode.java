package io.privtune.core.io;

import java.util.List;

/** An ONNX graph node: enough to find which named operation consumes an anonymous initializer. */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs) {}
