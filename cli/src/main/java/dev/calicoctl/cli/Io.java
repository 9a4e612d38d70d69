package dev.calicoctl.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The process's streams and environment, passed in so commands run in-process in tests, and the
 * config file read when -c names none ({@link ClientConfig#DEFAULT_CONFIG_PATH} outside tests, so
 * a test run is not steered by a real /etc/calico/calicoctl.cfg on the machine).
 */
public record Io(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, String defaultConfigPath) {
    public Io(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        this(out, err, in, env, ClientConfig.DEFAULT_CONFIG_PATH);
    }

    /** The same config file choice with other streams or environment (the shell's commands). */
    public Io with(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        return new Io(out, err, in, env, defaultConfigPath);
    }

    public String env(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
