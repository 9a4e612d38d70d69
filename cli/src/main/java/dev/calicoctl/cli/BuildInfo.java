package dev.calicoctl.cli;

import java.io.InputStream;
import java.util.Properties;

/**
 * The commit the jar was built from, recorded by the launcher's build (build-info.properties).
 * Read once, into a constant: {@link Prewarm} reads it on another thread while `version` reads the
 * datastore (the lookup opens our jar, a few ms while interpreted).
 */
final class BuildInfo {
    private BuildInfo() {}

    private static final String GIT_COMMIT = readGitCommit();

    static String gitCommit() { return GIT_COMMIT; }

    private static String readGitCommit() {
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
