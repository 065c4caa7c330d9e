package io.privtune.split.lm;

/**
 * How a split decoder is fine-tuned: epochs over the training windows, windows per batch, the peak learning
 * rate (linear warm-up over the first {@code warmupRatio} of the steps, then linear decay), AdamW's weight
 * decay, whether each epoch draws fresh noise (a new release) or re-sends the same uploads, and what the device
 * does to the gradients it returns. The batch order comes from the device's noise key, never from a public seed.
 */
public record LmFineTuneSettings(
        int epochs,
        int batch,
        float learningRate,
        float weightDecay,
        float warmupRatio,
        boolean freshNoise,
        GradientNoise gradientNoise) {
    public static LmFineTuneSettings defaults() {
        return new LmFineTuneSettings(2, 16, 1e-3f, 0.01f, 0.1f, false, GradientNoise.OFF);
    }

    public LmFineTuneSettings {
        if (epochs < 1 || batch < 1) {
            throw new IllegalArgumentException("need epochs >= 1 and batch >= 1, found " + epochs + " and " + batch);
        }
        if (!(learningRate > 0) || !(weightDecay >= 0) || !(warmupRatio >= 0 && warmupRatio <= 1)) {
            throw new IllegalArgumentException("need learning rate > 0, weight decay >= 0 and warm-up in [0, 1], found "
                    + learningRate + ", " + weightDecay + ", " + warmupRatio);
        }
    }

    public LmFineTuneSettings withEpochs(int value) {
        return new LmFineTuneSettings(value, batch, learningRate, weightDecay, warmupRatio, freshNoise, gradientNoise);
    }

    public LmFineTuneSettings withBatch(int value) {
        return new LmFineTuneSettings(epochs, value, learningRate, weightDecay, warmupRatio, freshNoise, gradientNoise);
    }

    public LmFineTuneSettings withLearningRate(float value) {
        return new LmFineTuneSettings(epochs, batch, value, weightDecay, warmupRatio, freshNoise, gradientNoise);
    }

    public LmFineTuneSettings withFreshNoise(boolean value) {
        return new LmFineTuneSettings(epochs, batch, learningRate, weightDecay, warmupRatio, value, gradientNoise);
    }

    public LmFineTuneSettings withGradientNoise(GradientNoise value) {
        return new LmFineTuneSettings(epochs, batch, learningRate, weightDecay, warmupRatio, freshNoise, value);
    }
}
