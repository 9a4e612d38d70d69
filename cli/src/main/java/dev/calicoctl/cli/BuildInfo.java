package dev.calicoctl.cli;

import java.io.InputStream;
import java.util.Properties;

/** The commit the jar was built from, recorded by the launcher's build (build-info.properties). */
final class BuildInfo {
    private BuildInfo() {}

    static String gitCommit() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/build-info.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String c = p.getProperty("git.commit", "");
            return c.isEmpty() || c.startsWith("${") ? "unknown" : c;
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
