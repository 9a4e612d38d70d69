package dev.calicoctl.datastore.kube;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.Keys;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.testsupport.kube.KubeApiServerProcess;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The test API server (its own JVM, HTTPS, Calico's CRDs loaded) with what this backend's tests
 * need around it: a datastore configuration for it, a wipe between tests, and kubectl pointed at it.
 */
public final class KubeTestServer implements AutoCloseable {
    public final KubeApiServerProcess process;

    private KubeTestServer(KubeApiServerProcess process) { this.process = process; }

    /** Started with {@code --port 0} plus {@code args} (e.g. "--crd-mode", "v3"). */
    public static KubeTestServer start(String... args) {
        List<String> all = new ArrayList<>(List.of("--port", "0"));
        all.addAll(List.of(args));
        return new KubeTestServer(KubeApiServerProcess.start(all.toArray(String[]::new)));
    }

    public String url() { return process.url(); }

    public Path kubeconfig() { return process.kubeconfig(); }

    public DatastoreConfig config() { return DatastoreConfig.kubernetes(DatastoreConfig.Kube.ofKubeconfig(kubeconfig().toString(), null)); }

    public KubeDatastore connect() { return KubeDatastore.open(config()); }

    /** The environment a calicoctl process or in-process run needs to use this server. */
    public Map<String, String> env() {
        return Map.of("DATASTORE_TYPE", "kubernetes", "KUBECONFIG", kubeconfig().toString());
    }

    /** Deletes every Calico object (IPAM and v3 resources), so the next test starts empty. */
    public void wipe() {
        try (Datastore d = connect()) {
            List<String> prefixes = new ArrayList<>(List.of(Keys.IPAM));
            for (Kind k : Kinds.all()) {
                if (k == Kinds.NODE || k == Kinds.BLOCK_AFFINITY || k.name().equals("WorkloadEndpoint") || k.name().equals("Profile")) continue;
                prefixes.add(Keys.resourcePrefix(k, null));
            }
            for (String p : prefixes) for (KeyValue kv : d.list(p)) d.delete(kv.key(), 0);
        }
    }

    /** kubectl against this server; stdout, or an AssertionError with stderr when it fails. */
    public String kubectl(String... args) throws Exception {
        Result r = kubectlResult(args);
        if (r.rc() != 0) throw new AssertionError("kubectl " + String.join(" ", args) + " failed: " + r.err());
        return r.out();
    }

    public record Result(int rc, String out, String err) {}

    public Result kubectlResult(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), out, err);
    }

    @Override public void close() { process.close(); }
}
