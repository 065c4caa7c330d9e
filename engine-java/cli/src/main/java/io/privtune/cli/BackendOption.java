package io.privtune.cli;

import io.privtune.core.backend.ComputeBackend;
import io.privtune.cuda.backend.Backends;
import picocli.CommandLine.Option;

/** {@code --backend auto|cpu|cuda}, shared by every command that runs the engine's hot paths. */
final class BackendOption {
    @Option(
            names = "--backend",
            defaultValue = "auto",
            description =
                    "where kNN and noise run: auto (the GPU when CUDA is usable, else the CPU), cpu, cuda (default: ${DEFAULT-VALUE})")
    String choice;

    private ComputeBackend selected;

    ComputeBackend get() {
        if (selected == null) {
            selected = Backends.select(choice);
            System.out.println("backend: " + selected.name());
        }
        return selected;
    }
}
