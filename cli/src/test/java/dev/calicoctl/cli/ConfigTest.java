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

    Io io(Map<String, String> env) { return new Io(System.out, System.err, System.in, env); }

    @Test
    void defaultIsTheLocalStoreUnderXdgDataHome() {
        Map<String, String> env = new HashMap<>(Map.of("HOME", "/home/op"));
        DatastoreConfig c = ClientConfig.resolve(dir.resolve("absent.cfg").toString(), io(env));
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
        DatastoreConfig c = ClientConfig.resolve(dir.resolve("absent.cfg").toString(), io(env));
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
}
