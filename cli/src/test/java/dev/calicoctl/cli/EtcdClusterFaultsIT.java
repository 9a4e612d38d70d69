package dev.calicoctl.cli;

import dev.calicoctl.datastore.etcd.EtcdCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8 "etcd as a cluster": a three-member etcd under four assigning processes loses its
 * leader (SIGKILL, later restarted), then has a follower frozen (SIGSTOP) and thawed: no address
 * twice, no half-written block, every failure one line naming etcd, and a clean check after repair.
 */
class EtcdClusterFaultsIT {
    @TempDir Path tmp;

    static final int WORKERS = 4, PER_WORKER = 50;

    @Test
    void leaderKilledThenFollowerFrozen() throws Exception {
        try (EtcdCluster etcd = EtcdCluster.start(3)) {
            Map<String, String> env = Map.of("DATASTORE_TYPE", "etcdv3", "ETCD_ENDPOINTS", String.join(",", etcd.endpoints));
            Path pool = tmp.resolve("pool.yaml");
            Files.writeString(pool, "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.41.0.0/22\n  blockSize: 28\n");
            Launch.Out applied = Launch.calicoctl(tmp, env, "apply", "-f", pool.toString());
            assertThat(applied.rc()).as(applied.err()).isZero();

            List<Process> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                String script = "for i in $(seq 1 " + PER_WORKER + "); do out=$(./calicoctl ipam assign --node node-" + (w % 2)
                        + " --namespace faults --pod p-" + w + "-$i 2>" + tmp.resolve("err-" + w) + ".$i); rc=$?; echo \"$rc $out\"; done";
                ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(LauncherIT.ROOT.toFile());
                pb.environment().putAll(env);
                pb.environment().put("HOME", tmp.toString());
                workers.add(pb.start());
            }
            Thread.sleep(4000);
            int leader = etcd.leader();
            etcd.kill(leader);                      // the leader dies mid-run
            Thread.sleep(4000);
            etcd.restart(leader);                   // and comes back with its data
            Thread.sleep(2000);
            int follower = (etcd.leader() + 1) % 3;
            etcd.signal(follower, "STOP");          // a follower freezes
            Thread.sleep(5000);
            etcd.signal(follower, "CONT");          // and thaws

            Set<String> assigned = new HashSet<>();
            int ok = 0, failed = 0, duplicates = 0;
            for (Process p : workers) {
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(900, TimeUnit.SECONDS)).isTrue();
                for (String line : out.lines().toList()) {
                    String[] f = line.split(" ", 2);
                    if (f[0].equals("0")) {
                        ok++;
                        if (!assigned.add(f[1].strip())) duplicates++;
                    } else failed++;
                }
            }
            int cleanFailures = 0;
            try (var errs = Files.list(tmp)) {
                for (Path e : errs.filter(x -> x.getFileName().toString().startsWith("err-")).toList()) {
                    String text = Files.readString(e);
                    if (text.isEmpty()) continue;
                    assertThat(text.strip().lines().count()).as(text).isEqualTo(1);
                    assertThat(text).doesNotContain("Exception").containsPattern("etcd (at )?http://127\\.0\\.0\\.1:\\d+");
                    cleanFailures++;
                    System.out.println("etcd cluster faults: failure line: " + text.strip());
                }
            }
            System.out.println("etcd cluster faults: attempted " + (WORKERS * PER_WORKER) + ", succeeded " + ok + ", failed cleanly "
                    + cleanFailures + " (exit status non-zero: " + failed + "), duplicates " + duplicates);
            assertThat(duplicates).isZero();
            assertThat(ok + failed).isEqualTo(WORKERS * PER_WORKER);
            assertThat(cleanFailures).isEqualTo(failed);

            assertThat(Launch.calicoctl(tmp, env, "datastore", "migrate", "lock").rc()).isZero();
            Path report = tmp.resolve("report.json");
            Launch.Out check = Launch.calicoctl(tmp, env, "ipam", "check", "-o", report.toString());
            assertThat(check.out()).contains("Found 0 invalid IPAMBlocks.").contains("Found 0 handles whose counts do not match their allocations.");
            Launch.Out release = Launch.calicoctl(tmp, env, "ipam", "release", "--from-report", report.toString());
            assertThat(release.rc()).as(release.out() + release.err()).isZero();
            assertThat(Launch.calicoctl(tmp, env, "datastore", "migrate", "unlock").rc()).isZero();
            Launch.Out after = Launch.calicoctl(tmp, env, "ipam", "check");
            System.out.println("etcd cluster faults: before repair " + check.out().lines().filter(l -> l.startsWith("Check complete")).toList()
                    + "; release: " + release.out().replace('\n', ' '));
            assertThat(after.out()).contains("Check complete; found 0 problems.").contains("Found " + ok + " workload IPs.");
        }
    }
}
