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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated zsh and fish completion scripts loaded by the real shells (src/test.sh installs
 * them): fish answers `complete -C` for a command line; zsh is driven in tmux and completes with Tab.
 * Both reach live names through the launcher's hidden `__complete` command.
 */
class CompletionScriptsIT {
    static final Path COMPLETIONS = LauncherIT.ROOT.resolve("completions");
    @TempDir Path dir;
    final Map<String, String> env = new HashMap<>();
    String session;

    @BeforeEach void seed() throws Exception {
        env.put("CALICOCTL_LOCAL_DB", dir.resolve("store.db").toString());
        env.put("HOME", dir.toString());
        env.put("PATH", LauncherIT.ROOT + ":" + System.getenv("PATH"));
        Files.writeString(dir.resolve("pools.yaml"), CrudCommandsTest.SEED);
        assertThat(Launch.calicoctl(dir, env, "apply", "-f", dir.resolve("pools.yaml").toString()).rc()).isZero();
        session = "calicoctl-zsh-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    @AfterEach void stop() throws Exception {
        Launch.run(List.of("tmux", "kill-session", "-t", session), Map.of());
    }

    private List<String> fish(String line) throws Exception {
        String script = "source " + COMPLETIONS.resolve("calicoctl.fish") + "; complete -C '" + line + "'";
        Launch.Out r = Launch.run(List.of("fish", "--no-config", "-c", script), env);
        assertThat(r.rc()).as(r.err()).isZero();
        List<String> words = new ArrayList<>();
        for (String l : r.out().split("\n")) if (!l.isBlank()) words.add(l.split("\t")[0]);
        return words;
    }

    @Test
    void fishCompletesCommandsFlagsKindsAndLiveNames() throws Exception {
        assertThat(fish("calicoctl ipam sh")).containsExactly("show");
        assertThat(fish("calicoctl ipam show --show-b")).containsExactly("--show-blocks", "--show-borrowed");
        assertThat(fish("calicoctl get ippool ")).contains("external-pool", "internal-pool");
        assertThat(fish("calicoctl datastore migrate ")).contains("export", "import", "lock", "unlock");
    }

    private String screen() throws Exception {
        return Launch.run(List.of("tmux", "capture-pane", "-p", "-t", session), Map.of()).out();
    }

    private String await(String wanted) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String s = screen();
        while (!s.contains(wanted) && System.nanoTime() < end) {
            Thread.sleep(200);
            s = screen();
        }
        assertThat(s).as("screen").contains(wanted);
        return s;
    }

    @Test
    void zshCompletesWithTab() throws Exception {
        Path rc = dir.resolve(".zshrc");
        Files.writeString(rc, String.join("\n", "PS1='zsh> '", "autoload -U compinit && compinit -u -D",
                "source " + COMPLETIONS.resolve("_calicoctl.zsh"), ""));
        StringBuilder cmd = new StringBuilder("env");
        env.forEach((k, v) -> cmd.append(' ').append(k).append('=').append(v));
        cmd.append(" ZDOTDIR=").append(dir).append(" zsh -i");
        Launch.run(List.of("tmux", "new-session", "-d", "-s", session, "-x", "150", "-y", "40", cmd.toString()), Map.of());
        await("zsh>");
        Launch.run(List.of("tmux", "send-keys", "-t", session, "calicoctl ipam sh", "Tab"), Map.of());
        await("zsh> calicoctl ipam show");
        Launch.run(List.of("tmux", "send-keys", "-t", session, "C-u", "calicoctl get ippool ext", "Tab"), Map.of());
        await("zsh> calicoctl get ippool external-pool");
    }
}
