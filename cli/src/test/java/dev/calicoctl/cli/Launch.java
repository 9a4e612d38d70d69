package dev.calicoctl.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a command (usually the packaged ./calicoctl) as a separate process, as a user or script does. */
final class Launch {
    record Out(int rc, String out, String err) {}

    private Launch() {}

    static Out run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(LauncherIT.ROOT.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Out(p.exitValue(), out, err);
    }

    /** ./calicoctl with {@code env} and a private HOME. */
    static Out calicoctl(Path home, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LauncherIT.ROOT.resolve("calicoctl").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("HOME", home.toString());
        return run(cmd, all);
    }
}
