package dev.calicoctl.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.Map;
import dev.calicoctl.model.Json;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** IPAM through the packaged launcher: the example, many processes at once, and processes killed mid-write. */
class IpamProcessesIT {
    static final Path ROOT = LauncherIT.ROOT;

    @TempDir Path tmp;

    record Proc(int rc, String out, String err) {}

    /** Where the processes keep their data: a local store by default, or an etcd (see the etcd crash test). */
    Map<String, String> datastoreEnv = null;

    ProcessBuilder builder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        if (datastoreEnv != null) pb.environment().putAll(datastoreEnv);
        else pb.environment().put("CALICOCTL_LOCAL_DB", tmp.resolve("store.db").toString());
        pb.environment().put("HOME", tmp.toString());
        return pb;
    }

    Proc run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("calicoctl").toString()));
        cmd.addAll(List.of(args));
        Process p = builder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Proc(p.exitValue(), out, err);
    }

    void pool(String name, String cidr, int blockSize) throws Exception {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: " + name + "\nspec:\n  cidr: " + cidr + "\n  blockSize: " + blockSize + "\n");
        Proc r = run("apply", "-f", f.toString());
        assertThat(r.rc()).as(r.err()).isZero();
    }

    @Test
    void namespacePoolsExampleRuns() throws Exception {
        Process p = builder(List.of("bash", "examples/namespace-pools/run.sh")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("external-ns/nginx-1  172.16.0.32\n").contains("external-ns/nginx-3  172.16.0.34\n")
                .contains("internal-ns/nginx-1  192.169.0.32\n").contains("internal-ns/nginx-3  192.169.0.34\n")
                .containsPattern("\\| Block +\\| 172\\.16\\.0\\.32/29 +\\| +8 \\| +3 \\(38%\\)")
                .contains("Check complete; found 0 problems.").doesNotContain("FAIL");
    }

    @Test
    void eightProcessesTimesTwentyFiveAssignsOverFourNodes() throws Exception {
        pool("p", "10.20.0.0/22", 28);
        List<Process> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String script = "for i in $(seq 1 25); do ./calicoctl ipam assign --node node-" + (w % 4) + " --handle h-" + w + "-$i || echo FAILED; done";
            workers.add(builder(List.of("bash", "-c", script)).start());
        }
        List<String> ips = new ArrayList<>();
        for (Process p : workers) {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as(err).doesNotContain("FAILED");
            ips.addAll(out.lines().filter(l -> !l.isBlank()).toList());
        }
        assertThat(ips).hasSize(200);
        assertThat(new HashSet<>(ips)).hasSize(200);
        Proc check = run("ipam", "check");
        assertThat(check.rc()).isZero();
        assertThat(check.out()).contains("IPAM blocks record 200 allocations.")
                .contains("Found 200 IPs that are allocated in IPAM but not actually in use.") // no WorkloadEndpoints: as calicoctl reports
                .contains("Found 0 handles with no matching IPs (and 200 handles with matches).")
                .contains("Found 0 invalid IPAMBlocks.")
                .contains("Found 0 handles whose counts do not match their allocations.")
                .contains("Found 0 block affinities without a block, 0 blocks without their affinity.")
                .contains("Found 0 allocations outside every IP pool and 0 addresses allocated more than once.");
    }

    @Test
    void processesKilledMidAssignOnEtcdLeaveRepairableData() throws Exception {
        try (dev.calicoctl.datastore.etcd.EtcdServer etcd = dev.calicoctl.datastore.etcd.EtcdServer.start()) {
            datastoreEnv = Map.of("DATASTORE_TYPE", "etcdv3", "ETCD_ENDPOINTS", etcd.endpoint);
            processesKilledMidAssignLeaveRepairableData();
        } finally {
            datastoreEnv = null;
        }
    }

    @Test
    void processesKilledMidAssignLeaveRepairableData() throws Exception {
        pool("p", "10.30.0.0/22", 29);
        Random rnd = new Random(7);
        Set<String> completed = new HashSet<>();
        // calibrate: how long one such assign takes here, so the kills land inside its writes
        long t0 = System.nanoTime();
        Proc calibration = run("ipam", "assign", "--node", "node-c", "--namespace", "crash", "--pod", "calibration", "--num4", "24");
        long full = (System.nanoTime() - t0) / 1_000_000;
        assertThat(calibration.rc()).as(calibration.err()).isZero();
        completed.addAll(calibration.out().lines().filter(l -> !l.isBlank()).toList());
        int killed = 0;
        for (int i = 0; i < 14; i++) {
            List<String> cmd = List.of(ROOT.resolve("calicoctl").toString(), "ipam", "assign", "--node", "node-" + (i % 3),
                    "--namespace", "crash", "--pod", "p-" + i, "--num4", "24");
            Process p = builder(cmd).start();
            p.getOutputStream().close();
            boolean done = p.waitFor((long) (full * (0.45 + 0.7 * rnd.nextDouble())), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
                p.waitFor(30, TimeUnit.SECONDS);
                killed++;
                continue;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() == 0) {
                for (String ip : out.lines().filter(l -> !l.isBlank()).toList()) assertThat(completed.add(ip)).as("handed out twice: " + ip).isTrue();
            }
        }
        System.out.println("crash test: one assign takes " + full + " ms; " + killed + " of 14 assign processes killed, "
                + completed.size() + " addresses from completed ones");
        assertThat(killed).as("no assign process was killed mid-write, so the repair path went untested").isPositive();

        Proc lock = run("datastore", "migrate", "lock");
        assertThat(lock.rc()).as(lock.err()).isZero();
        Path report = tmp.resolve("report.json");
        Proc check = run("ipam", "check", "-o", report.toString());
        assertThat(check.rc()).as(check.err()).isZero();
        System.out.println("crash test: check before repair: " + check.out().lines().filter(l -> l.startsWith("Found") || l.startsWith("Check")).toList());
        Proc release = run("ipam", "release", "--from-report", report.toString());
        System.out.println("crash test: release: " + release.out().replace('\n', ' '));
        assertThat(release.rc()).as(release.out() + release.err()).isZero();
        assertThat(run("datastore", "migrate", "unlock").rc()).isZero();

        Proc after = run("ipam", "check");
        assertThat(after.out()).as(check.out() + "\n---\n" + release.out() + "\n---\n" + after.out()).contains("Check complete; found 0 problems.");
        // every address a completed process printed is still assigned (its WorkloadEndpoint too)
        Path after2 = tmp.resolve("after.json");
        assertThat(run("ipam", "check", "-o", after2.toString()).rc()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> allocs = (Map<String, Object>) Json.parseObject(Files.readString(after2)).get("allocations");
        for (String ip : completed) {
            assertThat(allocs).as(ip).containsKey(ip);
            assertThat(allocs.get(ip).toString()).as(ip).contains("inUse=true");
        }
        // and the store keeps working
        Proc more = run("ipam", "assign", "--node", "node-9", "--pod", "after", "--namespace", "crash", "--num4", "3");
        assertThat(more.rc()).as(more.err()).isZero();
        for (String ip : more.out().lines().toList()) assertThat(completed).doesNotContain(ip);
    }
}
