package io.privtune.split.model;

import ai.djl.ndarray.NDManager;
import io.privtune.core.model.BundledModel;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import java.util.List;

/** Shared test fixtures: MiniLM weights (read once) and a few real SST-2 sentences, tokenised. */
final class MiniLmModels {
    static final List<String> SENTENCES = List.of(
            "it 's a charming and often affecting journey . ",
            "unflinchingly bleak and desperate ",
            "the acting , costumes , music , cinematography and sound are all astounding given the production 's austere locales . ");

    private static BertWeights weights;

    private MiniLmModels() {}

    static synchronized BertWeights weights() {
        if (weights == null) {
            weights = OnnxBertReader.read(
                    BundledModel.ALL_MINILM_L6_V2.onnxFile(), BundledModel.ALL_MINILM_L6_V2.shape());
        }
        return weights;
    }

    static List<Encoding> encodings() {
        try (WordPieceTokenizer t = WordPieceTokenizer.open(BundledModel.ALL_MINILM_L6_V2.tokenizerFile(), 128)) {
            return SENTENCES.stream().map(t::encode).toList();
        }
    }

    static NDManager manager() {
        return NDManager.newBaseManager("PyTorch");
    }
}
