package dev.calicoctl.cli;

import dev.calicoctl.datastore.etcd.EtcdServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** local -> etcd with datastore migrate export | import, proved with ipam check and get -o yaml. */
class MigrateIT {
    @TempDir Path tmp;

    Launch.Out run(Map<String, String> env, String... args) throws Exception {
        return Launch.calicoctl(tmp, env, args);
    }

    static String stable(String yaml) {
        return yaml.lines().filter(l -> !l.contains("resourceVersion:") && !l.contains("creationTimestamp:") && !l.contains("uid:"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void localToEtcdLosesNothing() throws Exception {
        Map<String, String> local = Map.of("CALICOCTL_LOCAL_DB", tmp.resolve("local.db").toString());
        assertThat(run(local, "apply", "-f", "examples/pools.yaml").rc()).isZero();
        for (int i = 0; i < 5; i++) {
            Launch.Out a = run(local, "ipam", "assign", "--node", "node-" + (i % 2), "--namespace", "external-ns", "--pod", "web-" + i, "--ipv4-pools", "external-pool");
            assertThat(a.rc()).as(a.err()).isZero();
        }
        assertThat(run(local, "ipam", "configure", "--strictaffinity=true").rc()).isZero();
        Launch.Out notLocked = run(local, "datastore", "migrate", "export");
        assertThat(notLocked.rc()).isEqualTo(1);
        assertThat(notLocked.err()).isEqualTo("datastore is not locked. Run the `calicoctl datastore migrate lock` command in order to begin migration\n");
        assertThat(run(local, "datastore", "migrate", "lock").rc()).isZero();
        Launch.Out export = run(local, "datastore", "migrate", "export");
        assertThat(export.rc()).as(export.err()).isZero();
        Path file = tmp.resolve("calico-data.yaml");
        Files.writeString(file, export.out());
        assertThat(export.out()).contains("kind: IPPoolList").contains("\n===\n").contains("\"blocks\": [");

        try (EtcdServer etcd = EtcdServer.start()) {
            Map<String, String> remote = Map.of("DATASTORE_TYPE", "etcdv3", "ETCD_ENDPOINTS", etcd.endpoint);
            Launch.Out imp = run(remote, "datastore", "migrate", "import", "-f", file.toString());
            assertThat(imp.rc()).as(imp.err()).isZero();
            assertThat(imp.out()).matches("Successfully applied \\d+ IPAM resource\\(s\\)\n");
            Launch.Out again = run(remote, "datastore", "migrate", "import", "-f", file.toString());
            assertThat(again.rc()).isEqualTo(1);
            assertThat(again.err()).startsWith("datastore already has Calico resources");
            assertThat(run(remote, "datastore", "migrate", "unlock").rc()).isZero();
            assertThat(run(local, "datastore", "migrate", "unlock").rc()).isZero();

            List<List<String>> gets = List.of(List.of("get", "ippools", "-o", "yaml"), List.of("get", "workloadendpoints", "-A", "-o", "yaml"));
            for (List<String> get : gets) {
                String before = stable(run(local, get.toArray(new String[0])).out());
                String after = stable(run(remote, get.toArray(new String[0])).out());
                assertThat(after).as(String.join(" ", get)).isEqualTo(before).isNotBlank();
            }
            assertThat(run(remote, "ipam", "show", "--show-blocks").out()).isEqualTo(run(local, "ipam", "show", "--show-blocks").out());
            assertThat(run(remote, "ipam", "check").out()).contains("Found 5 workload IPs.").contains("Check complete; found 0 problems.");
            assertThat(run(remote, "ipam", "show", "--show-configuration").out()).contains("| StrictAffinity               | true      |");
            assertThat(run(remote, "get", "clusterinformation", "default", "-o", "custom-columns=CLUSTERGUID").out())
                    .isEqualTo(run(local, "get", "clusterinformation", "default", "-o", "custom-columns=CLUSTERGUID").out());
        }
    }
}
