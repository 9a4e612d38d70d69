package dev.calicoctl.cli;

import dev.calicoctl.datastore.DatastoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {
    @TempDir Path dir;

    /** Never the machine's /etc/calico/calicoctl.cfg: the default config file is one in the temp dir. */
    Io io(Map<String, String> env) { return new Io(System.out, System.err, System.in, env, dir.resolve("default.cfg").toString()); }

    @Test
    void theDefaultConfigFileIsReadWhenItExistsAndSkippedWhenNot() throws Exception {
        assertThat(ClientConfig.resolve(null, io(Map.of())).type()).isEqualTo("local");
        Files.writeString(dir.resolve("default.cfg"), """
                apiVersion: projectcalico.org/v3
                kind: CalicoAPIConfig
                spec:
                  datastoreType: etcdv3
                  etcdEndpoints: http://10.0.0.9:2379
                """);
        DatastoreConfig c = ClientConfig.resolve(null, io(Map.of()));
        assertThat(c.type()).isEqualTo("etcdv3");
        assertThat(c.etcdEndpoints()).containsExactly("http://10.0.0.9:2379");
    }

    @Test
    void defaultIsTheLocalStoreUnderXdgDataHome() {
        Map<String, String> env = new HashMap<>(Map.of("HOME", "/home/op"));
        DatastoreConfig c = ClientConfig.resolve(null, io(env));
        assertThat(c.type()).isEqualTo("local");
        assertThat(c.localDatabase()).isEqualTo(Path.of("/home/op/.local/share/calicoctl/datastore.db"));
        env.put("XDG_DATA_HOME", "/data");
        assertThat(ClientConfig.resolve(null, io(env)).localDatabase()).isEqualTo(Path.of("/data/calicoctl/datastore.db"));
        env.put("CALICOCTL_LOCAL_DB", "/tmp/x.db");
        assertThat(ClientConfig.resolve(null, io(env)).localDatabase()).isEqualTo(Path.of("/tmp/x.db"));
    }

    @Test
    void environmentWithCalicoPrefixFirst() {
        Map<String, String> env = Map.of("DATASTORE_TYPE", "kubernetes", "CALICO_DATASTORE_TYPE", "etcdv3",
                "ETCD_ENDPOINTS", "http://a:2379, http://b:2379");
        DatastoreConfig c = ClientConfig.resolve(null, io(env));
        assertThat(c.type()).isEqualTo("etcdv3");
        assertThat(c.etcdEndpoints()).containsExactly("http://a:2379", "http://b:2379");
    }

    @Test
    void configFileWinsOverEnvironment() throws Exception {
        Path cfg = dir.resolve("calicoctl.cfg");
        Files.writeString(cfg, """
                apiVersion: projectcalico.org/v3
                kind: CalicoAPIConfig
                metadata:
                spec:
                  datastoreType: etcdv3
                  etcdEndpoints: https://10.0.0.1:2379,https://10.0.0.2:2379
                  etcdCACertFile: /etc/ca.pem
                  etcdDiscoverySrv: calico.example
                """);
        DatastoreConfig c = ClientConfig.resolve(cfg.toString(), io(Map.of("DATASTORE_TYPE", "local")));
        assertThat(c.type()).isEqualTo("etcdv3");
        assertThat(c.etcdEndpoints()).hasSize(2);
        assertThat(c.etcdCaCertFile()).isEqualTo("/etc/ca.pem");
        assertThat(c.etcdDiscoverySrv()).isEqualTo("calico.example");
    }

    @Test
    void badConfigFileIsAClearError() throws Exception {
        Path cfg = dir.resolve("bad.cfg");
        Files.writeString(cfg, "apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  datastoreTyp: etcdv3\n");
        assertThatThrownBy(() -> ClientConfig.resolve(cfg.toString(), io(Map.of())))
                .hasMessageContaining("unknown field \"spec.datastoreTyp\"").hasMessageContaining("line 4");
    }

    // issue 8 item 1: a config file named with -c that cannot be read is fatal, as in calicoctl
    @Test
    void missingOrDirectoryConfigFileIsFatal() throws Exception {
        CliRunner cli = new CliRunner(dir);
        Path missing = dir.resolve("nope.cfg");
        CliRunner.Result r = cli.run("get", "ippools", "-c", missing.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error reading config file: " + missing + "\n");
        r = cli.runWithInput("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/16}\n",
                "apply", "-f", "-", "-c", dir.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error reading config file: " + dir + "\n");
        assertThat(Files.exists(dir.resolve("datastore.db"))).as("nothing written to the embedded store").isFalse();
    }

    @Test
    void configApiVersionAndKindMustBeCalicos() throws Exception {
        Path cfg = dir.resolve("old.cfg");
        Files.writeString(cfg, "apiVersion: v1\nkind: calicoApiConfig\nspec:\n  datastoreType: etcdv3\n");
        assertThatThrownBy(() -> ClientConfig.resolve(cfg.toString(), io(Map.of())))
                .hasMessage("syntax error in " + cfg + ": invalid config file: unknown APIVersion 'v1'");
        Files.writeString(cfg, "apiVersion: projectcalico.org/v3\nkind: IPPool\nspec:\n  datastoreType: etcdv3\n");
        assertThatThrownBy(() -> ClientConfig.resolve(cfg.toString(), io(Map.of())))
                .hasMessage("syntax error in " + cfg + ": invalid config file: expected kind 'CalicoAPIConfig', got 'IPPool'");
        Files.write(cfg, new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertThatThrownBy(() -> ClientConfig.resolve(cfg.toString(), io(Map.of())))
                .hasMessage("syntax error in " + cfg + ": the file is not UTF-8 text");
    }

    @Test
    void logLevelIsCheckedAsCalicoctlDoes() {
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result r = cli.run("--log-level=bogus", "get", "ippools");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("unknown log level: bogus, expected one of: panic, fatal, error, warn, info, debug\n");
        assertThat(cli.run("-l", "WARNING", "get", "ippools").rc()).isZero();
        assertThat(cli.run("-l", "trace", "version").rc()).isZero();
    }

    // issue 8 "the default datastore never fools a cluster user"
    @Test
    void embeddedStoreOnlyWhenNothingPointsAtACluster() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("HOME", dir.toString()));
        ClientConfig.Resolved r = ClientConfig.choose(null, io(env));
        assertThat(r.config().type()).isEqualTo("local");
        assertThat(r.implicitLocal()).isTrue();

        assertThat(ClientConfig.choose(null, io(Map.of("HOME", dir.toString(), "DATASTORE_TYPE", "local"))).implicitLocal()).isFalse();
        assertThat(ClientConfig.choose(null, io(Map.of("ETCD_ENDPOINTS", "http://127.0.0.1:2379"))).config().type()).isEqualTo("etcdv3");

        for (Map.Entry<String, String> e : Map.of("KUBECONFIG", "/k/config", "KUBERNETES_SERVICE_HOST", "10.96.0.1",
                "K8S_API_ENDPOINT", "https://10.0.0.1:6443", "CALICO_KUBECONFIG", "/k/c").entrySet()) {
            ClientConfig.Resolved k = ClientConfig.choose(null, io(Map.of(e.getKey(), e.getValue())));
            assertThat(k.config().type()).as(e.getKey()).isEqualTo("kubernetes");
            assertThat(k.reason()).as(e.getKey()).isNotNull();
        }
        Files.createDirectories(dir.resolve(".kube"));
        Files.writeString(dir.resolve(".kube/config"), "apiVersion: v1\n");
        ClientConfig.Resolved k = ClientConfig.choose(null, io(env));
        assertThat(k.config().type()).isEqualTo("kubernetes");
        assertThat(k.config().kubeconfig()).isEqualTo(dir.resolve(".kube/config").toString());
        assertThat(k.reason()).isEqualTo(dir.resolve(".kube/config") + " exists");

        Path cfg = dir.resolve("calicoctl.cfg");
        Files.writeString(cfg, "apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec: {}\n");
        assertThat(ClientConfig.choose(cfg.toString(), io(Map.of())).config().type()).isEqualTo("kubernetes");
    }

    @Test
    void aClusterChosenAsCalicoctlWouldIsNeverSwappedForTheEmbeddedStore() {
        CliRunner cli = new CliRunner(dir);
        cli.env.put("KUBECONFIG", dir.resolve("kubeconfig").toString());
        CliRunner.Result r = cli.runWithInput("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/16}\n", "apply", "-f", "-");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).contains("kubernetes").contains("KUBECONFIG is set").doesNotContain("Exception");
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("datastore.db"))).isFalse();
    }
}
