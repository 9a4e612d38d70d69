package dev.calicoctl.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/** The process's streams and environment, passed in so commands run in-process in tests. */
public record Io(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
    public String env(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
