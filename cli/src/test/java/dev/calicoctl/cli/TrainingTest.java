package dev.calicoctl.cli;

import dev.calicoctl.model.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingTest {
    @Test
    void netconfIsValidJsonWhateverTheLockPath() {
        Path odd = Path.of("/tmp/a \"quoted\" dir\\x/ipam.lock");
        Map<String, Object> conf = Json.parseObject(Training.trainingNetconf(odd));
        assertThat(conf.get("ipam_lock_file")).isEqualTo(odd.toString());
        assertThat(conf.get("ipam")).isEqualTo(Map.of("type", "calico-ipam", "ipv4_pools", java.util.List.of("training-a")));
    }

    /** The read-etcd archive is recorded against the stand-in: the commands must really run there, writes and reads. */
    @Test
    void theEtcdStandInServesTheCommandsTrainingRuns(@TempDir Path dir) throws Exception {
        try (TrainingEtcd stand = new TrainingEtcd()) {
            CliRunner cli = new CliRunner(dir);
            cli.env.put("DATASTORE_TYPE", "etcdv3");
            cli.env.put("ETCD_ENDPOINTS", stand.endpoint());
            String pools = "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: a}\nspec: {cidr: 10.9.0.0/24, blockSize: 29}\n";
            assertThat(cli.runWithInput(pools, "apply", "-f", "-").rc()).isZero();
            CliRunner.Result assigned = cli.run("ipam", "assign", "--node=n1", "--ipv4-pools=a");
            assertThat(assigned.rc()).as(assigned.err()).isZero();
            assertThat(cli.run("get", "ippools", "-o", "yaml").out()).contains("cidr: 10.9.0.0/24");
            assertThat(cli.run("ipam", "show", "--show-blocks").out()).contains("| IP Pool  | 10.9.0.0/24").contains("| Block    | 10.9.0.").contains("1 (12%)");
            assertThat(cli.run("delete", "ippool", "a").rc()).isZero();
            assertThat(cli.run("get", "ippools").out()).doesNotContain("10.9.0.0/24");
        }
    }
}
