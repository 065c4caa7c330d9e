package io.privtune.split;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a result came from, recorded beside it in every report and summary. */
public final class RunEnvironment {
    private RunEnvironment() {}

    public static Map<String, String> describe() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        environment.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        environment.put(
                "engine",
                Engine.getInstance().getEngineName() + " "
                        + Engine.getInstance().getVersion());
        return environment;
    }
}
