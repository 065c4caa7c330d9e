package io.privtune.split.model;

import io.privtune.core.io.OnnxModelFile;
import io.privtune.core.io.OnnxNode;
import io.privtune.core.io.OnnxTensor;
import io.privtune.core.model.BertShape;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * BERT weights from an ONNX export (the langchain4j model jars). Biases and LayerNorms keep their HF
 * names; Linear weights are anonymous {@code onnx::MatMul_*} initializers, already [in, out], whose
 * owner is the consuming node: {@code /encoder/layer.0/attention/self/query/MatMul} consumes
 * {@code encoder.layer.0.attention.self.query.weight}.
 */
public final class OnnxBertReader {
    private OnnxBertReader() {}

    public static BertWeights read(Path onnx, BertShape shape) {
        Map<String, float[]> values = new HashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        try (OnnxModelFile model = OnnxModelFile.open(onnx)) {
            for (OnnxTensor t : model.initializers().values()) {
                if (t.dataType() == OnnxTensor.FLOAT && !t.name().startsWith("onnx::")) {
                    values.put(t.name(), t.toFloatArray());
                    shapes.put(t.name(), t.dims());
                }
            }
            for (OnnxNode node : model.nodes()) {
                if (!node.opType().equals("MatMul")) {
                    continue;
                }
                for (String input : node.inputs()) {
                    OnnxTensor weight = model.initializers().get(input);
                    if (weight != null && weight.dataType() == OnnxTensor.FLOAT) {
                        String owner = ownerOf(node.name());
                        values.put(owner, weight.toFloatArray());
                        shapes.put(owner, weight.dims());
                    }
                }
            }
        }
        return new BertWeights(onnx.toString(), shape, values, shapes);
    }

    /** "/encoder/layer.0/attention/self/query/MatMul" → "encoder.layer.0.attention.self.query.weight". */
    static String ownerOf(String nodeName) {
        String path = nodeName.startsWith("/") ? nodeName.substring(1) : nodeName;
        int last = path.lastIndexOf('/');
        return (last < 0 ? path : path.substring(0, last)).replace('/', '.') + ".weight";
    }
}
