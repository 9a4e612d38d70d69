package dev.calicoctl.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs calicoctl in-process with captured streams and a private local store. */
final class CliRunner {
    record Result(int rc, String out, String err) {}

    final Map<String, String> env = new HashMap<>();

    CliRunner(Path dir) {
        env.put("CALICOCTL_LOCAL_DB", dir.resolve("datastore.db").toString());
        env.put("HOME", dir.toString());
    }

    Result run(String... args) { return runWithInput("", args); }

    Result runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env);
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
