package dev.calicoctl.cli;

import java.util.Locale;
import java.util.Set;

/** --log-level values as calicoctl accepts them (logrus.ParseLevel: case-insensitive, "warning" and "trace" too). */
final class LogLevels {
    private static final Set<String> KNOWN = Set.of("panic", "fatal", "error", "warn", "warning", "info", "debug", "trace");

    private LogLevels() {}

    static void check(String level) {
        if (level == null || !KNOWN.contains(level.toLowerCase(Locale.ROOT))) {
            throw new CliException("unknown log level: " + level + ", expected one of: panic, fatal, error, warn, info, debug");
        }
    }
}
