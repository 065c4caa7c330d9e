package io.privtune.split.attack;

/**
 * What an attribute classifier says about each victim text: its class scores (logits, texts x classes), with the
 * labels it was trained on, scored either per text or per device ({@link DeviceVote}).
 */
public record AttributeScores(float[] logits, int classes, int[] attackerLabels) {
    public AttributeScores {
        if (classes < 1 || logits.length % classes != 0) {
            throw new IllegalArgumentException(logits.length + " scores do not split into " + classes + " classes");
        }
    }

    /** Each text's highest-scoring class against its label: the attacker that sees one text at a time. */
    public AttributeResult perText(int[] victimLabels) {
        if (victimLabels.length * classes != logits.length) {
            throw new IllegalArgumentException(
                    logits.length / classes + " scored texts, " + victimLabels.length + " victim labels");
        }
        int[] predicted = new int[victimLabels.length];
        for (int t = 0; t < predicted.length; t++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                best = logits[t * classes + c] > logits[t * classes + best] ? c : best;
            }
            predicted[t] = best;
        }
        return AttributeResult.score(predicted, attackerLabels, victimLabels, classes);
    }

    /** One guess per device from all its texts: the attacker that links a device's uploads. */
    public AttributeResult perDevice(int[] device, int[] victimLabels) {
        return DeviceVote.score(logits, classes, device, attackerLabels, victimLabels);
    }
}
