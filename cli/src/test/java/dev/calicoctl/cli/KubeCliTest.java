package dev.calicoctl.cli;

import dev.calicoctl.datastore.etcd.EtcdServer;
import dev.calicoctl.datastore.kube.KubeTestServer;
import dev.calicoctl.model.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** calicoctl with DATASTORE_TYPE=kubernetes against the test API server: commands, annotations, check, migrate, bad input. */
class KubeCliTest {
    static KubeTestServer server;
    @TempDir Path tmp;

    @BeforeAll static void start() { server = KubeTestServer.start(); }

    @AfterAll static void stop() { if (server != null) server.close(); }

    @BeforeEach void wipe() throws Exception {
        server.wipe();
        server.kubectlResult("delete", "pods", "--all", "-A");
    }

    CliRunner cli() {
        CliRunner c = new CliRunner(tmp);
        c.env.putAll(server.env());
        return c;
    }

    static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.rc()).as(r.err()).isZero();
        return r;
    }

    @Test
    void poolsAppliedWithCalicoctlAreIppoolCrsForKubectl() throws Exception {
        CliRunner cli = cli();
        ok(cli.run("apply", "-f", LauncherIT.ROOT.resolve("examples/pools.yaml").toString()));
        assertThat(ok(cli.run("get", "ippools")).out()).contains("external-pool").contains("172.16.0.0/26").contains("internal-pool");
        Map<String, Object> list = Json.parseObject(server.kubectl("get", "ippools.crd.projectcalico.org", "-o", "json"));
        assertThat(Json.write(list)).contains("\"name\":\"external-pool\"").contains("\"cidr\":\"192.169.0.0/24\"").contains("projectcalico.org/metadata");
        String yaml = ok(cli.run("get", "ippool", "external-pool", "-o", "yaml")).out();
        assertThat(yaml).contains("blockSize: 29").contains("resourceVersion:").contains("uid:");
        ok(cli.run("delete", "ippool", "internal-pool"));
        assertThat(server.kubectl("get", "ippools.crd.projectcalico.org")).doesNotContain("internal-pool");
        CliRunner.Result nodes = cli.run("create", "-f", write("node.yaml", "apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {name: n1}\nspec: {}\n"));
        assertThat(nodes.rc()).isNotZero();
    }

    @Test
    void podAnnotationBeatsNamespaceAnnotationAndIpAddrsPinsTheAddress() throws Exception {
        CliRunner cli = cli();
        ok(cli.run("apply", "-f", LauncherIT.ROOT.resolve("examples/pools.yaml").toString()));
        server.kubectl("create", "namespace", "mixed");
        server.kubectl("annotate", "namespace", "mixed", "cni.projectcalico.org/ipv4pools=[\"external-pool\"]");
        server.kubectl("apply", "-f", write("pods.yaml", pod("mixed", "a") + "---\n" + pod("mixed", "b") + "---\n" + pod("mixed", "c")));
        server.kubectl("annotate", "pod", "b", "-n", "mixed", "cni.projectcalico.org/ipv4pools=[\"internal-pool\"]");
        server.kubectl("annotate", "pod", "c", "-n", "mixed", "cni.projectcalico.org/ipAddrs=[\"192.169.0.77\"]");
        assertThat(ok(cli.run("ipam", "assign", "--node", "node-0", "--namespace", "mixed", "--pod", "a")).out()).startsWith("172.16.0.");
        assertThat(ok(cli.run("ipam", "assign", "--node", "node-0", "--namespace", "mixed", "--pod", "b")).out()).startsWith("192.169.0.");
        assertThat(ok(cli.run("ipam", "assign", "--node", "node-0", "--namespace", "mixed", "--pod", "c")).out().trim()).isEqualTo("192.169.0.77");
        CliRunner.Result missing = cli.run("ipam", "assign", "--node", "node-0", "--namespace", "mixed", "--pod", "ghost");
        assertThat(missing.rc()).isNotZero();
        assertThat(missing.err().trim()).isEqualTo("pods \"ghost\" not found in namespace mixed");
        server.kubectl("annotate", "pod", "a", "-n", "mixed", "--overwrite", "cni.projectcalico.org/ipv4pools=not-json");
        CliRunner.Result bad = cli.run("ipam", "assign", "--node", "node-0", "--namespace", "mixed", "--pod", "a");
        assertThat(bad.rc()).isNotZero();
        assertThat(bad.err().lines().count()).isEqualTo(1);
    }

    @Test
    void checkComparesAllocationsWithPodsNodesAndLoadBalancers() throws Exception {
        CliRunner cli = cli();
        ok(cli.run("apply", "-f", LauncherIT.ROOT.resolve("examples/pools.yaml").toString()));
        server.kubectl("create", "namespace", "chk");
        server.kubectl("apply", "-f", write("pods.yaml", pod("chk", "kept") + "---\n" + pod("chk", "gone")));
        String kept = ok(cli.run("ipam", "assign", "--node", "node-0", "--namespace", "chk", "--pod", "kept", "--ipv4-pools", "external-pool")).out().trim();
        String gone = ok(cli.run("ipam", "assign", "--node", "node-0", "--namespace", "chk", "--pod", "gone", "--ipv4-pools", "external-pool")).out().trim();
        String lb = ok(cli.run("ipam", "assign", "--node", "node-0", "--handle", "lb-1", "--ipv4-pools", "external-pool")).out().trim();
        server.kubectl("apply", "-f", write("svc.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: chk}\nspec:\n  type: LoadBalancer\n"
                + "  ports: [{port: 80}]\nstatus:\n  loadBalancer:\n    ingress: [{ip: " + lb + "}]\n"));
        // a load-balancer controller records the address it gave in the status subresource
        server.kubectl("patch", "service", "web", "-n", "chk", "--subresource=status", "--type", "merge",
                "-p", "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"" + lb + "\"}]}}}");
        server.kubectl("delete", "pod", "gone", "-n", "chk");
        Path report = tmp.resolve("report.json");
        CliRunner.Result check = ok(cli.run("ipam", "check", "-o", report.toString()));
        assertThat(check.out()).contains("Found 1 IPs that are allocated in IPAM but not actually in use.");
        Map<String, Object> r = Json.parseObject(Files.readString(report));
        assertThat(Json.write(r)).contains(gone);
        @SuppressWarnings("unchecked") Map<String, Object> allocs = (Map<String, Object>) r.get("allocations");
        assertThat(allocs.get(kept).toString()).contains("inUse=true");
        assertThat(allocs.get(lb).toString()).contains("inUse=true");
    }

    @Test
    void migrateFromEtcdIntoKubernetesLosesNothing() throws Exception {
        try (EtcdServer etcd = EtcdServer.start()) {
            CliRunner src = new CliRunner(tmp);
            src.env.put("DATASTORE_TYPE", "etcdv3");
            src.env.put("ETCD_ENDPOINTS", etcd.endpoint);
            ok(src.run("apply", "-f", LauncherIT.ROOT.resolve("examples/pools.yaml").toString()));
            for (int i = 0; i < 5; i++) ok(src.run("ipam", "assign", "--node", "node-" + (i % 2), "--handle", "h-" + i, "--ipv4-pools", i % 2 == 0 ? "external-pool" : "internal-pool"));
            ok(src.run("ipam", "configure", "--strictaffinity=true"));
            ok(src.run("datastore", "migrate", "lock"));
            String exported = ok(src.run("datastore", "migrate", "export")).out();
            Path file = tmp.resolve("export.yaml");
            Files.writeString(file, exported);

            CliRunner dst = cli();
            CliRunner.Result imported = ok(dst.run("datastore", "migrate", "import", "-f", file.toString()));
            assertThat(imported.err()).isEmpty();
            ok(dst.run("datastore", "migrate", "unlock"));
            ok(src.run("datastore", "migrate", "unlock"));
            assertThat(strip(ok(dst.run("get", "ippools", "-o", "yaml")).out())).isEqualTo(strip(ok(src.run("get", "ippools", "-o", "yaml")).out()));
            assertThat(ok(dst.run("ipam", "show", "--show-blocks")).out()).isEqualTo(ok(src.run("ipam", "show", "--show-blocks")).out());
            assertThat(ok(dst.run("ipam", "show", "--show-configuration")).out()).isEqualTo(ok(src.run("ipam", "show", "--show-configuration")).out());
            assertThat(guid(dst)).isEqualTo(guid(src));
            assertThat(server.kubectl("get", "ipamhandles.crd.projectcalico.org")).contains("h-4");
            CliRunner.Result again = dst.run("datastore", "migrate", "import", "-f", file.toString());
            assertThat(again.rc()).isNotZero();
        }
    }

    @Test
    void connectionProblemsAreOneLineAndWriteNothing() throws Exception {
        CliRunner cli = cli();
        Path pools = LauncherIT.ROOT.resolve("examples/pools.yaml");
        CliRunner.Result ctx = cli.run("apply", "-f", pools.toString(), "--context", "nope");
        assertThat(ctx.rc()).isNotZero();
        assertThat(ctx.err().trim()).isEqualTo("context \"nope\" does not exist in kubeconfig " + server.kubeconfig() + " (contexts: test)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        CliRunner down = new CliRunner(tmp);
        down.env.put("DATASTORE_TYPE", "kubernetes");
        down.env.put("K8S_API_ENDPOINT", "https://127.0.0.1:" + port);
        down.env.put("K8S_INSECURE_SKIP_TLS_VERIFY", "true");
        CliRunner.Result r = down.run("get", "ippools");
        assertThat(r.rc()).isNotZero();
        assertThat(r.err().trim()).isEqualTo("cannot reach the Kubernetes API server at https://127.0.0.1:" + port + ": connection refused");
        CliRunner badcfg = new CliRunner(tmp);
        badcfg.env.put("DATASTORE_TYPE", "kubernetes");
        badcfg.env.put("KUBECONFIG", write("kc", "{not yaml: ["));
        CliRunner.Result b = badcfg.run("apply", "-f", pools.toString());
        assertThat(b.rc()).isNotZero();
        assertThat(b.err().lines().count()).isEqualTo(1);
        assertThat(b.err()).startsWith("invalid kubeconfig ").doesNotContain("Exception");
        assertThat(server.kubectl("get", "ippools.crd.projectcalico.org", "-o", "name")).isEmpty();
    }

    static String pod(String ns, String name) {
        return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", namespace: " + ns + "}\nspec:\n  nodeName: node-0\n  containers: [{name: c, image: nginx}]\n";
    }

    String write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    /** Server-owned metadata differs between datastores by nature. */
    static String strip(String yaml) {
        return yaml.replaceAll("(?m)^\\s*(resourceVersion|uid|creationTimestamp):.*\\n", "");
    }

    static String guid(CliRunner cli) {
        String y = ok(cli.run("get", "clusterinformation", "default", "-o", "yaml")).out();
        return y.lines().filter(l -> l.contains("clusterGUID")).findFirst().orElseThrow();
    }
}
