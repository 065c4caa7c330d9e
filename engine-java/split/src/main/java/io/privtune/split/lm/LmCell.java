package io.privtune.split.lm;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One setting of an LM experiment: a mechanism name, its parameter overrides ({@code eta=20}, ...) and the
 * noise on the returned gradients ({@code grad-noise=σ}: rows clipped to norm 1 and σ Gaussian noise, see
 * {@link GradientNoise}; absent = off).
 */
public record LmCell(String mechanism, Map<String, String> parameters, GradientNoise gradientNoise) {
    public static final String GRADIENT_NOISE = "grad-noise";

    public LmCell {
        parameters = Map.copyOf(parameters);
    }

    /** {@code none}, {@code dchi:eta=20}, {@code privtune:eta=100,kappa=0.7}, {@code dchi:eta=10,grad-noise=2}. */
    public static LmCell parse(String spec) {
        String[] parts = spec.strip().split(":", 2);
        if (parts[0].isEmpty()) {
            throw new IllegalArgumentException("cell '" + spec + "': expected mechanism[:key=value,...]");
        }
        Map<String, String> parameters = new TreeMap<>();
        if (parts.length == 2 && !parts[1].isBlank()) {
            for (String pair : parts[1].split(",")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                    throw new IllegalArgumentException(
                            "cell '" + spec + "': parameter '" + pair + "' is not key=value");
                }
                parameters.put(kv[0].strip(), kv[1].strip());
            }
        }
        GradientNoise gradient = GradientNoise.OFF;
        String sigma = parameters.remove(GRADIENT_NOISE);
        if (sigma != null) {
            try {
                gradient = new GradientNoise(1, Double.parseDouble(sigma));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "cell '" + spec + "': " + GRADIENT_NOISE + " must be a number, found '" + sigma + "'");
            }
        }
        return new LmCell(parts[0], parameters, gradient);
    }

    /** The mechanism and its parameters in key order, then the gradient noise: {@code dchi eta=20 grad-noise=2}. */
    public String id() {
        String id = parameters.isEmpty()
                ? mechanism
                : mechanism + " "
                        + new TreeMap<>(parameters)
                                .entrySet().stream()
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .collect(Collectors.joining(" "));
        return gradientNoise.off() ? id : id + " " + GRADIENT_NOISE + "=" + gradientNoise.sigma();
    }
}
