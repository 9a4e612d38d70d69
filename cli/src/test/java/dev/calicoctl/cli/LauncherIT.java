package dev.calicoctl.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the packaged ./calicoctl launcher as separate processes, as a user or a script does. */
class LauncherIT {
    static final Path ROOT = Path.of(System.getProperty("calicoctl.root", "..")).toAbsolutePath().normalize();

    @TempDir Path home;

    record Proc(int rc, String out, String err) {}

    Process start(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("calicoctl").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("XDG_DATA_HOME");
        pb.environment().remove("CALICOCTL_LOCAL_DB");
        pb.environment().remove("DATASTORE_TYPE");
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        return p;
    }

    Proc finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Proc(p.exitValue(), out, err);
    }

    Proc run(String... args) throws Exception { return finish(start("", args)); }

    @Test
    void quickStartOnTheExamplePools() throws Exception {
        Proc r = run("apply", "-f", "examples/pools.yaml");
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Successfully applied 2 'IPPool' resource(s)\n");
        assertThat(Files.exists(home.resolve(".local/share/calicoctl/datastore.db"))).isTrue();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".local/share/calicoctl/datastore.db")))).isEqualTo("rw-------");
        r = run("get", "ippools", "-o", "wide");
        assertThat(r.out()).contains("external-pool   172.16.0.0/26    true   Always").contains("internal-pool   192.169.0.0/24   true   Always");
        r = run("get", "ippool", "nope");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("resource does not exist: IPPool(nope) with error: <nil>\n");
    }

    @Test
    void concurrentProcessesLoseNoWrite() throws Exception {
        int procs = 6, perProc = 5;
        List<Process> running = new ArrayList<>();
        for (int p = 0; p < procs; p++) {
            StringBuilder yaml = new StringBuilder();
            for (int i = 0; i < perProc; i++) {
                yaml.append("---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p").append(p).append('-').append(i)
                        .append("\nspec:\n  cidr: 10.").append(p).append('.').append(i * 16).append(".0/20\n");
            }
            running.add(start(yaml.toString(), "apply", "-f", "-"));
        }
        for (Process p : running) {
            Proc r = finish(p);
            assertThat(r.rc()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("Successfully applied " + perProc + " 'IPPool' resource(s)\n");
        }
        Proc list = run("get", "ippools", "-o", "custom-columns=NAME");
        assertThat(list.out().lines().filter(l -> l.startsWith("p")).count()).isEqualTo(procs * perProc);
    }

    @Test
    void badInputIsOneLineWithoutStackTrace() throws Exception {
        Proc r = finish(start("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: x}\nspec: {cidr: 10.0.0.0/33}\n", "apply", "-f", "-"));
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("failed to apply 'IPPool' resource: [error with field IPPool.Spec.CIDR = '10.0.0.0/33' (IPPool CIDR must be a valid subnet)]\n");
        assertThat(r.out()).isEmpty();
    }

    /** The launcher's guess of the store (local, etcd, other), run alone in bash with the given environment and arguments. */
    String guessedStore(java.util.Map<String, String> env, String... args) throws Exception {
        Process p = launcherFunctions(env, "guess_store \"$@\"; echo \"$STORE\"", args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private Process launcherFunctions(java.util.Map<String, String> env, String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c",
                "source <(sed -n '/^guess_store()/,/^}/p' \"$0\"); " + script, ROOT.resolve("calicoctl").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    @Test
    void theStoreIsGuessedAsTheConfigurationIsRead() throws Exception {
        java.util.Map<String, String> none = java.util.Map.of();
        assertThat(guessedStore(none, "get", "ippools")).isEqualTo("local");
        assertThat(guessedStore(java.util.Map.of("ETCD_ENDPOINTS", "http://127.0.0.1:1"), "get", "ippools")).isEqualTo("etcd");
        assertThat(guessedStore(java.util.Map.of("DATASTORE_TYPE", "etcdv3"), "version")).isEqualTo("etcd");
        assertThat(guessedStore(java.util.Map.of("CALICO_DATASTORE_TYPE", "local", "DATASTORE_TYPE", "etcdv3"), "version")).isEqualTo("local");
        assertThat(guessedStore(java.util.Map.of("DATASTORE_TYPE", "kubernetes"), "version")).isEqualTo("other");
        assertThat(guessedStore(java.util.Map.of("KUBECONFIG", "/k"), "version")).isEqualTo("other");
        Path etcdCfg = home.resolve("etcd.cfg");
        Files.writeString(etcdCfg, "apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  datastoreType: \"etcdv3\"\r\n  etcdEndpoints: http://x:2379\n");
        Path kubeCfg = home.resolve("kube.cfg");
        Files.writeString(kubeCfg, "spec:\n  datastoreType: kubernetes\n");
        // a config file wins over the environment, as it does in cli/ClientConfig
        assertThat(guessedStore(java.util.Map.of("DATASTORE_TYPE", "local"), "-c", etcdCfg.toString(), "get", "ippools")).isEqualTo("etcd");
        assertThat(guessedStore(none, "--config=" + etcdCfg, "version")).isEqualTo("etcd");
        assertThat(guessedStore(none, "version", "--config", kubeCfg.toString())).isEqualTo("other");
        assertThat(guessedStore(none, "-c", home.resolve("missing.cfg").toString(), "version")).isEqualTo("other");
    }
}
