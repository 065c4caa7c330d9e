package io.privtune.core.io;

import io.privtune.core.mechanism.Perturbation;

import java.nio.file.Path;
import java.util.Map;

/**
 * Perturbed representations for audit: what the cloud would receive ("representations", F32 tokens x d)
 * and each token's effective dχ parameter ("effective_eta", F32), with the mechanism and its
 * parameters as metadata. Token ids are deliberately not in this file; write them separately.
 */
public final class PerturbationFiles {
    private PerturbationFiles() { }

    public static void save(Perturbation perturbation, int dim, String mechanism, Map<String, String> parameters, Path path) {
        int tokens = perturbation.perturbed().length / dim;
        float[] eta = new float[tokens];
        for (int i = 0; i < tokens; i++) {
            eta[i] = (float) perturbation.effectiveEta()[i];
        }
        SafetensorsWriter writer = new SafetensorsWriter()
                .addF32("representations", perturbation.perturbed(), tokens, dim)
                .addF32("effective_eta", eta, tokens)
                .metadata("kind", "privtune.perturbed-representations")
                .metadata("mechanism", mechanism);
        parameters.forEach((k, v) -> writer.metadata("param." + k, v));
        writer.write(path);
    }
}
