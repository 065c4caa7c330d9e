package io.privtune.core.mechanism;

import java.util.List;

/** The mechanisms by name (docs/DESIGN.md §3.8); what each needs is its {@link MechanismKind}'s to say. */
public final class Mechanisms {
    public static final List<String> NAMES = MechanismKind.names();

    private Mechanisms() {}

    public static Mechanism create(String name, MechanismParameters parameters, MechanismContext context) {
        return MechanismKind.of(name).create(parameters, context);
    }
}
