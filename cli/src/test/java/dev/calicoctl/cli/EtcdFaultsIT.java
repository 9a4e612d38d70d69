package dev.calicoctl.cli;

import dev.calicoctl.datastore.etcd.EtcdServer;
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

/** etcd killed in the middle of a 200-assign run from four processes, then back. */
class EtcdFaultsIT {
    @TempDir Path tmp;

    Launch.Out run(Map<String, String> env, String... args) throws Exception {
        return Launch.calicoctl(tmp, env, args);
    }

    @Test
    void etcdDownMidRunThenRepaired() throws Exception {
        try (EtcdServer etcd = EtcdServer.start()) {
            Map<String, String> env = Map.of("DATASTORE_TYPE", "etcdv3", "ETCD_ENDPOINTS", etcd.endpoint);
            Path pool = tmp.resolve("pool.yaml");
            Files.writeString(pool, "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.40.0.0/22\n  blockSize: 28\n");
            assertThat(run(env, "apply", "-f", pool.toString()).rc()).isZero();

            List<Process> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String script = "for i in $(seq 1 50); do out=$(./calicoctl ipam assign --node node-" + (w % 2) + " --namespace faults --pod p-" + w + "-$i 2>" + tmp.resolve("err-" + w)
                        + ".$i); rc=$?; echo \"$rc $out\"; done";
                ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(LauncherIT.ROOT.toFile());
                pb.environment().putAll(env);
                pb.environment().put("HOME", tmp.toString());
                workers.add(pb.start());
            }
            Thread.sleep(4000);
            etcd.stop(true); // SIGKILL, mid-run
            Thread.sleep(3000);
            etcd.restart();

            Set<String> assigned = new HashSet<>();
            int ok = 0, failed = 0;
            for (Process p : workers) {
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
                for (String line : out.lines().toList()) {
                    String[] f = line.split(" ", 2);
                    if (f[0].equals("0")) {
                        ok++;
                        assertThat(assigned.add(f[1].strip())).as("handed out twice: " + f[1]).isTrue();
                    } else {
                        failed++;
                    }
                }
            }
            // every failure is one clear line, without a stack trace
            try (var errs = Files.list(tmp)) {
                for (Path e : errs.filter(x -> x.getFileName().toString().startsWith("err-")).toList()) {
                    String text = Files.readString(e);
                    if (text.isEmpty()) continue;
                    assertThat(text.strip().lines().count()).as(text).isEqualTo(1);
                    assertThat(text).doesNotContain("Exception").contains("etcd");
                }
            }
            System.out.println("etcd faults: " + ok + " assigns succeeded, " + failed + " failed while etcd was down");
            assertThat(ok + failed).isEqualTo(200);
            assertThat(failed).as("etcd was down for a while").isPositive();

            assertThat(run(env, "datastore", "migrate", "lock").rc()).isZero();
            Path report = tmp.resolve("report.json");
            Launch.Out check = run(env, "ipam", "check", "-o", report.toString());
            assertThat(check.out()).contains("Found 0 invalid IPAMBlocks.");
            Launch.Out release = run(env, "ipam", "release", "--from-report", report.toString());
            assertThat(release.rc()).as(release.out() + release.err()).isZero();
            assertThat(run(env, "datastore", "migrate", "unlock").rc()).isZero();
            Launch.Out after = run(env, "ipam", "check");
            System.out.println("etcd faults: before repair: " + check.out().lines().filter(l -> l.startsWith("Check complete")).toList()
                    + "; release: " + release.out().replace('\n', ' '));
            assertThat(after.out()).contains("Check complete; found 0 problems.").contains("Found " + ok + " workload IPs.");
        }
    }
}
