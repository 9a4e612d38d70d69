package dev.calicoctl.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged launcher as a person uses it: `calicoctl shell` driven in tmux (send-keys, capture-pane),
 * piped commands, concurrent releases appending to one audit log, and kubectl running it as a plugin.
 */
class ShellTmuxIT {
    @TempDir Path dir;
    Map<String, String> env;
    String session;

    @BeforeEach void seed() throws Exception {
        env = new HashMap<>();
        env.put("CALICOCTL_LOCAL_DB", dir.resolve("store.db").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        Files.writeString(dir.resolve("pools.yaml"), CrudCommandsTest.SEED);
        assertThat(Launch.calicoctl(dir, env, "apply", "-f", dir.resolve("pools.yaml").toString()).rc()).isZero();
        session = "calicoctl-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    @AfterEach void stop() throws Exception {
        tmux("kill-session", "-t", session);
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        return Launch.run(cmd, Map.of()).out();
    }

    private String screen() throws Exception { return tmux("capture-pane", "-p", "-t", session); }

    /** Polls the screen until the condition holds (or 30 s pass): the JVM's first start takes a moment. */
    private String await(Predicate<String> cond) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String s = screen();
        while (!cond.test(s) && System.nanoTime() < end) {
            Thread.sleep(200);
            s = screen();
        }
        assertThat(cond.test(s)).as("screen:\n" + s).isTrue();
        return s;
    }

    private static long count(String s, String what) { return s.split(java.util.regex.Pattern.quote(what), -1).length - 1; }

    @Test
    void interactiveShellInTmux() throws Exception {
        StringBuilder cmd = new StringBuilder("env");
        env.forEach((k, v) -> cmd.append(' ').append(k).append('=').append(v));
        cmd.append(" HOME=").append(dir).append(' ').append(LauncherIT.ROOT.resolve("calicoctl")).append(" shell");
        tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "40", cmd.toString());
        await(s -> s.contains("calicoctl>"));  // capture-pane drops trailing blanks
        // JLine probes the terminal as the first line editor starts; keys typed during the probe are its to read
        Thread.sleep(1500);

        tmux("send-keys", "-t", session, "get ippools", "Enter");
        await(s -> s.contains("internal-pool") && count(s, "calicoctl>") == 2);

        // completion: a kind, then a live pool name from the datastore
        tmux("send-keys", "-t", session, "get ippoo", "Tab");
        await(s -> s.contains("calicoctl> get ippool"));
        tmux("send-keys", "-t", session, "C-u", "get ippool ext", "Tab");
        await(s -> s.contains("calicoctl> get ippool external-pool"));
        tmux("send-keys", "-t", session, "Enter");
        await(s -> s.contains("172.16.0.0/26") && count(s, "calicoctl>") == 3);

        // watch redraws until Ctrl-C, which cancels the command and leaves the shell running
        tmux("send-keys", "-t", session, "watch 1 ipam show", "Enter");
        await(s -> s.contains("Every 1s: ipam show") && s.contains("192.169.0.0/24"));
        tmux("send-keys", "-t", session, "C-c");
        await(s -> s.contains("(cancelled)"));
        tmux("send-keys", "-t", session, "version", "Enter");
        await(s -> s.contains("Client Version"));

        tmux("send-keys", "-t", session, "exit", "Enter");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Path history = dir.resolve("state/calicoctl/history");
        while (System.nanoTime() < end && !(Files.exists(history) && Files.readString(history).contains("exit"))) Thread.sleep(200);
        assertThat(Files.readString(history)).contains("get ippools").contains("watch 1 ipam show").contains("version");
    }

    @Test
    void shellScriptFromAPipe() throws Exception {
        List<String> cmd = List.of("bash", "-c", "printf 'get ippools\\nipam show --map\\nexit\\n' | " + LauncherIT.ROOT.resolve("calicoctl") + " shell");
        Map<String, String> all = new HashMap<>(env);
        all.put("HOME", dir.toString());
        Launch.Out out = Launch.run(cmd, all);
        assertThat(out.rc()).as(out.err()).isZero();
        assertThat(out.out()).contains("external-pool").contains("Legend:");
    }

    /** Several processes release at once: every one leaves exactly one whole JSON line. */
    @Test
    void concurrentReleasesAppendWholeLines() throws Exception {
        int n = 6;
        Launch.Out a = Launch.calicoctl(dir, env, "ipam", "assign", "--node", "n1", "--handle", "h", "--num4", Integer.toString(n), "--ipv4-pools", "internal-pool");
        assertThat(a.rc()).as(a.err()).isZero();
        List<String> ips = a.out().lines().map(String::strip).toList();
        assertThat(ips).hasSize(n);
        List<Process> ps = new ArrayList<>();
        for (String ip : ips) {
            ProcessBuilder pb = new ProcessBuilder(LauncherIT.ROOT.resolve("calicoctl").toString(), "ipam", "release", "--ip", ip).directory(dir.toFile());
            pb.environment().putAll(env);
            pb.environment().put("HOME", dir.toString());
            pb.redirectErrorStream(true);
            ps.add(pb.start());
        }
        for (Process p : ps) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        }
        List<String> lines = Files.readAllLines(dir.resolve("state/calicoctl/audit.log"));
        assertThat(lines).hasSize(n);
        List<String> logged = new ArrayList<>();
        for (String l : lines) {
            Map<String, Object> e = dev.calicoctl.model.Json.parseObject(l);
            logged.add(String.valueOf(((List<?>) e.get("addresses")).get(0)));
        }
        assertThat(logged).containsExactlyInAnyOrderElementsOf(ips);
    }

    /** kubectl finds kubectl-calico on PATH (a link to the launcher) and runs it; help names the plugin. */
    @Test
    void kubectlRunsItAsAPlugin() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("kubectl-calico"), LauncherIT.ROOT.resolve("calicoctl"));
        Map<String, String> all = new HashMap<>(env);
        all.put("HOME", dir.toString());
        all.put("PATH", bin + ":" + System.getenv("PATH"));
        Launch.Out get = Launch.run(List.of("kubectl", "calico", "get", "ippools"), all);
        assertThat(get.rc()).as(get.err()).isZero();
        assertThat(get.out()).contains("external-pool").contains("internal-pool");
        Launch.Out help = Launch.run(List.of("kubectl", "calico", "--help"), all);
        assertThat(help.out()).contains("Usage: kubectl-calico");
        Launch.Out list = Launch.run(List.of("kubectl", "plugin", "list"), all);
        assertThat(list.out()).contains("kubectl-calico");
    }

    /** Progress appears on a terminal (recorded with pipe-pane) and never when stderr is a pipe. */
    @Test
    void progressOnATerminalOnly() throws Exception {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            yaml.append("---\napiVersion: projectcalico.org/v3\nkind: IPReservation\nmetadata:\n  name: r").append(i)
                    .append("\nspec:\n  reservedCIDRs:\n  - 10.").append(i / 250).append('.').append(i % 250).append(".0/30\n");
        }
        Path file = dir.resolve("many.yaml");
        Files.writeString(file, yaml);
        Path log = dir.resolve("pane.log");
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "30", "bash --norc --noprofile");
        tmux("pipe-pane", "-t", session, "cat >> " + log);
        StringBuilder cmd = new StringBuilder("env CALICOCTL_PROGRESS_AFTER_MS=0");
        env.forEach((k, v) -> cmd.append(' ').append(k).append('=').append(v));
        cmd.append(" HOME=").append(dir).append(' ').append(LauncherIT.ROOT.resolve("calicoctl")).append(" apply -f ").append(file)
                .append("; echo FINISHED-$((6*7))");
        tmux("send-keys", "-t", session, cmd.toString(), "Enter");
        await(s -> s.contains("FINISHED-42"));
        String recorded = Files.readString(log);
        assertThat(recorded).contains("Successfully applied 300 'IPReservation' resource(s)").containsPattern("apply: resources  \\d+/300")
                .doesNotContain("Exception").doesNotContain("WARNING");

        Map<String, String> piped = new HashMap<>(env);
        piped.put("CALICOCTL_PROGRESS_AFTER_MS", "0");
        Launch.Out out = Launch.calicoctl(dir, piped, "delete", "-f", file.toString());
        assertThat(out.rc()).as(out.err()).isZero();
        assertThat(out.err()).isEmpty();
    }

    /** JLine stays off every other command's start-up path: `get` and `ipam show --map` load none of it. */
    @Test
    void otherCommandsLoadNoJLine() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Map<String, String> all = new HashMap<>(env);
        all.put("HOME", dir.toString());
        all.put("CALICOCTL_TTY", "012"); // even when they believe they are on a terminal
        all.put("CALICOCTL_PROGRESS_AFTER_MS", "600000"); // check's progress exists but, being quick, is never drawn
        for (List<String> args : List.of(List.of("get", "ippools"), List.of("ipam", "show", "--map"), List.of("ipam", "check"))) {
            List<String> cmd = new ArrayList<>(List.of(java, "-verbose:class", "-cp", LauncherIT.ROOT.resolve("cli/target/calicoctl.jar").toString(),
                    "dev.calicoctl.cli.Main"));
            cmd.addAll(args);
            Launch.Out out = Launch.run(cmd, all);
            assertThat(out.rc()).as(out.err()).isZero();
            assertThat(out.out()).as(args.toString()).contains("dev.calicoctl.cli.Main").doesNotContain("org.jline");
        }
    }
}
