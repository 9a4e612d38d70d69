package dev.calicoctl.cli;

import dev.calicoctl.datastore.kube.KubeTestServer;
import dev.calicoctl.model.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * calicoctl as separate JVMs on the kubernetes datastore: several processes assigning at once, and
 * processes SIGKILLed mid-assignment (between upstream's handle and block writes) leaving data
 * that `ipam check` explains and `ipam release --from-report` repairs.
 */
class KubeProcessesTest {
    static KubeTestServer server;
    @TempDir Path tmp;

    @BeforeAll static void start() { server = KubeTestServer.start(); }

    @AfterAll static void stop() { if (server != null) server.close(); }

    record Proc(int rc, String out, String err) {}

    ProcessBuilder builder(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.calicoctl.cli.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(server.env());
        pb.environment().put("HOME", tmp.toString());
        pb.environment().put("CALICOCTL_LOCAL_DB", tmp.resolve("unused.db").toString());
        return pb;
    }

    Proc run(String... args) throws Exception {
        Process p = builder(List.of(args)).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Proc(p.exitValue(), out, err);
    }

    void pool(String cidr) throws Exception {
        Path f = tmp.resolve("pool.yaml");
        Files.writeString(f, "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: " + cidr + "\n  blockSize: 29\n");
        Proc r = run("apply", "-f", f.toString());
        assertThat(r.rc()).as(r.err()).isZero();
    }

    @Test
    void fourProcessesAssignWithoutSharingAnAddress() throws Exception {
        server.wipe();
        pool("10.40.0.0/24");
        List<Process> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            List<String> args = new ArrayList<>(List.of("ipam", "assign", "--node", "node-" + (w % 2), "--handle", "w-" + w, "--num4", "12"));
            workers.add(builder(args).start());
        }
        List<String> ips = new ArrayList<>();
        for (Process p : workers) {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(err).isZero();
            ips.addAll(out.lines().filter(l -> !l.isBlank()).toList());
        }
        assertThat(ips).hasSize(48);
        assertThat(new HashSet<>(ips)).hasSize(48);
        Proc check = run("ipam", "check");
        assertThat(check.out()).contains("IPAM blocks record 48 allocations.").contains("Found 0 handles whose counts do not match their allocations.");
    }

    @Test
    void processesKilledMidAssignLeaveRepairableData() throws Exception {
        server.wipe();
        pool("10.30.0.0/22");
        server.kubectlResult("create", "namespace", "crash");
        StringBuilder pods = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            pods.append("apiVersion: v1\nkind: Pod\nmetadata: {name: p-").append(i).append(", namespace: crash}\nspec:\n  nodeName: node-")
                    .append(i % 3).append("\n  containers: [{name: c, image: nginx}]\n---\n");
        }
        pods.append("apiVersion: v1\nkind: Pod\nmetadata: {name: calibration, namespace: crash}\nspec:\n  nodeName: node-c\n  containers: [{name: c, image: nginx}]\n");
        Path manifest = tmp.resolve("pods.yaml");
        Files.writeString(manifest, pods.toString());
        server.kubectl("apply", "-f", manifest.toString());

        Random rnd = new Random(11);
        Set<String> completed = new HashSet<>();
        long t0 = System.nanoTime();
        Proc calibration = run("ipam", "assign", "--node", "node-c", "--namespace", "crash", "--pod", "calibration", "--num4", "16");
        long full = (System.nanoTime() - t0) / 1_000_000;
        assertThat(calibration.rc()).as(calibration.err()).isZero();
        completed.addAll(calibration.out().lines().filter(l -> !l.isBlank()).toList());
        int killed = 0;
        for (int i = 0; i < 12; i++) {
            Process p = builder(List.of("ipam", "assign", "--node", "node-" + (i % 3), "--namespace", "crash", "--pod", "p-" + i, "--num4", "16")).start();
            p.getOutputStream().close();
            boolean done = p.waitFor((long) (full * (0.5 + 0.6 * rnd.nextDouble())), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
                p.waitFor(30, TimeUnit.SECONDS);
                killed++;
                continue;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() == 0) for (String ip : out.lines().filter(l -> !l.isBlank()).toList()) assertThat(completed.add(ip)).as("handed out twice: " + ip).isTrue();
        }
        System.out.println("kube crash test: one assign takes " + full + " ms; " + killed + " of 12 killed; " + completed.size() + " addresses from completed ones");
        assertThat(killed).as("no assign process was killed mid-write, so the repair path went untested").isPositive();

        assertThat(run("datastore", "migrate", "lock").rc()).isZero();
        Path report = tmp.resolve("report.json");
        Proc check = run("ipam", "check", "-o", report.toString());
        assertThat(check.rc()).as(check.err()).isZero();
        Proc release = run("ipam", "release", "--from-report", report.toString());
        assertThat(release.rc()).as(release.out() + release.err()).isZero();
        assertThat(run("datastore", "migrate", "unlock").rc()).isZero();
        Proc after = run("ipam", "check");
        assertThat(after.out()).as(check.out() + "\n---\n" + release.out() + "\n---\n" + after.out()).contains("Check complete; found 0 problems.");
        Path after2 = tmp.resolve("after.json");
        assertThat(run("ipam", "check", "-o", after2.toString()).rc()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> allocs = (Map<String, Object>) Json.parseObject(Files.readString(after2)).get("allocations");
        for (String ip : completed) assertThat(allocs).as(ip).containsKey(ip);
    }
}
