package dev.calicoctl.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs calicoctl in-process with captured streams, a private local store and a private default
 * config file path (absent unless a test writes it), so a real /etc/calico/calicoctl.cfg on the
 * machine cannot steer a test.
 */
final class CliRunner {
    record Result(int rc, String out, String err) {}

    final Map<String, String> env = new HashMap<>();
    final Path defaultConfig;

    CliRunner(Path dir) {
        defaultConfig = dir.resolve("calicoctl.cfg");
        env.put("CALICOCTL_LOCAL_DB", dir.resolve("datastore.db").toString());
        env.put("HOME", dir.toString());
    }

    /** A runner whose store holds the seed article's pools ({@link CrudCommandsTest#SEED}). */
    static CliRunner seeded(Path dir) throws java.io.IOException {
        CliRunner cli = new CliRunner(dir);
        Path f = dir.resolve("pools.yaml");
        java.nio.file.Files.writeString(f, CrudCommandsTest.SEED);
        Result r = cli.run("apply", "-f", f.toString());
        if (r.rc() != 0) throw new IllegalStateException("seeding failed: " + r.err());
        return cli;
    }

    Result run(String... args) { return runWithInput("", args); }

    Result runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = Main.run(args, new Io(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env, defaultConfig.toString()));
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
