package io.privtune.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code privtune --version}: the version Maven wrote into the jar's manifest (Implementation-Version), never a copy of it. */
final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "privtune " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    /** The version of the PrivTune jar this class came from; "development build" when run from classes, not a jar. */
    static String version() {
        String version = PrivTuneCli.class.getPackage().getImplementationVersion();
        return version == null ? "(development build, no jar manifest)" : version;
    }
}
