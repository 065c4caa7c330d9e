package io.privtune.core.mechanism;

import java.util.List;
import java.util.Set;

/** The mechanisms by name (DESIGN §3.8). */
public final class Mechanisms {
    public static final List<String> NAMES = List.of(
            "none", "dchi", "sap-cti", "gaussian", "privtune", "privtune-no-shift", "privtune-no-importance");

    private Mechanisms() { }

    public static Mechanism create(String name, MechanismParameters parameters, MechanismContext context) {
        return switch (name) {
            case "none" -> new NoneMechanism();
            case "dchi" -> new DchiMechanism(name, parameters, Set.of(), context.backend(), context.requireKey(name));
            case "sap-cti" -> {
                if (context.cti() == null) {
                    throw new IllegalArgumentException("sap-cti needs CTI scores from labelled training data");
                }
                yield new DchiMechanism(name, parameters, context.cti().topTokens(parameters.ctiTop()), context.backend(),
                        context.requireKey(name));
            }
            case "gaussian" -> new GaussianMechanism(parameters, context.requireKey(name));
            case "privtune" -> new PrivTuneMechanism(name, parameters, context, true, true);
            case "privtune-no-shift" -> new PrivTuneMechanism(name, parameters, context, false, true);
            case "privtune-no-importance" -> new PrivTuneMechanism(name, parameters, context, true, false);
            default -> throw new IllegalArgumentException("unknown mechanism '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}
