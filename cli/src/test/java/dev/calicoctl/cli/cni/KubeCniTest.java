package dev.calicoctl.cli.cni;

import dev.calicoctl.cli.Io;
import dev.calicoctl.cli.Main;
import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.kube.KubeTestServer;
import dev.calicoctl.ipam.AllocationBlock;
import dev.calicoctl.ipam.Attribute;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CNI plugin (in-process) with `datastore_type: kubernetes` and `kubernetes.kubeconfig`
 * against the test API server: the pod's cni.projectcalico.org annotations, then its
 * namespace's, then the network config's pools; ipAddrs; namespace labels for pools'
 * namespaceSelector; and the attributes recorded as upstream's plugin records them.
 */
class KubeCniTest {
    static KubeTestServer server;
    @TempDir Path dir;

    @BeforeAll static void start() { server = KubeTestServer.start(); }

    @AfterAll static void stop() { if (server != null) server.close(); }

    @BeforeEach void setUp() throws Exception {
        server.wipe();
        server.kubectlResult("delete", "pods", "--all", "-A");
        for (String ns : List.of("annotated", "plain", "blue")) server.kubectlResult("delete", "namespace", ns);
        // external and internal pools are for every namespace but team=blue; blue-pool only for team=blue
        Path pools = write("pools.yaml", pool("external-pool", "172.16.0.0/26", "team != 'blue'") + "---\n"
                + pool("internal-pool", "192.169.0.0/24", "team != 'blue'") + "---\n" + pool("blue-pool", "10.50.0.0/26", "team == 'blue'"));
        Map<String, String> env = baseEnv();
        env.putAll(server.env());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // the default config file is one in the temp dir, never the machine's /etc/calico/calicoctl.cfg
        int rc = Main.run(new String[]{"apply", "-f", pools.toString()},
                new Io(new PrintStream(out), new PrintStream(out), new ByteArrayInputStream(new byte[0]), env, dir.resolve("calicoctl.cfg").toString()));
        assertThat(rc).as(out.toString()).isZero();
        server.kubectl("create", "namespace", "annotated");
        server.kubectl("annotate", "namespace", "annotated", "cni.projectcalico.org/ipv4pools=[\"external-pool\"]");
        server.kubectl("create", "namespace", "plain");
        server.kubectl("create", "namespace", "blue");
        server.kubectl("label", "namespace", "blue", "team=blue");
    }

    static String pool(String name, String cidr, String nsSelector) {
        return "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: " + name + "}\nspec:\n  cidr: " + cidr
                + "\n  blockSize: 29\n  namespaceSelector: \"" + nsSelector + "\"\n";
    }

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    void pod(String ns, String name, String... annotations) throws Exception {
        server.kubectl("apply", "-f", write(ns + "-" + name + ".yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", namespace: " + ns
                + "}\nspec:\n  nodeName: node-0\n  containers: [{name: c, image: nginx}]\n").toString());
        for (String a : annotations) server.kubectl("annotate", "pod", name, "-n", ns, a);
    }

    Map<String, String> baseEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("CALICOCTL_LOCAL_DB", dir.resolve("unused.db").toString());
        return env;
    }

    /** The network config names the datastore itself, as a node's CNI config does. */
    String conf(String ipv4Pools) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"k8s-pod-network\",\"type\":\"calico\",\"nodename\":\"node-0\","
                + "\"ipam_lock_file\":\"" + dir.resolve("ipam.lock") + "\",\"datastore_type\":\"kubernetes\","
                + "\"kubernetes\":{\"kubeconfig\":\"" + server.kubeconfig() + "\"},"
                + "\"ipam\":{\"type\":\"calico-ipam\"" + (ipv4Pools == null ? "" : ",\"ipv4_pools\":" + ipv4Pools) + "}}";
    }

    record Out(int rc, String out, String err) {
        @SuppressWarnings("unchecked")
        String msg() { return (String) ((Map<String, Object>) Json.parse(out)).get("msg"); }

        @SuppressWarnings("unchecked")
        String address() {
            Map<String, Object> m = (Map<String, Object>) Json.parse(out);
            return (String) ((Map<String, Object>) ((List<?>) m.get("ips")).get(0)).get("address");
        }
    }

    Out add(String ns, String pod, String ipv4Pools) {
        Map<String, String> env = baseEnv();
        env.put("CNI_COMMAND", "ADD");
        env.put("CNI_CONTAINERID", "c-" + ns + "-" + pod);
        env.put("CNI_NETNS", "/var/run/netns/" + pod);
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", "/usr/lib/cni");
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + ns + ";K8S_POD_NAME=" + pod + ";K8S_POD_UID=u-" + pod);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = Main.run(new String[]{"cni", "ipam"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(conf(ipv4Pools).getBytes(StandardCharsets.UTF_8)), env);
        return new Out(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Out ok(Out o) {
        assertThat(o.rc()).as(o.out() + o.err()).isZero();
        return o;
    }

    @Test
    void namespaceAnnotationChoosesThePoolAndRecordsUpstreamsAttributes() throws Exception {
        pod("annotated", "web");
        String addr = ok(add("annotated", "web", null)).address();
        assertThat(addr).startsWith("172.16.0.").endsWith("/29");
        try (Datastore ds = server.connect()) {
            IpAddress ip = IpAddress.parse(addr.substring(0, addr.indexOf('/')));
            AllocationBlock b = new Ipam(ds).blockOf(ip).orElseThrow();
            Attribute a = b.attributeOf(b.ordinalOf(ip));
            assertThat(a.handleId()).isEqualTo("k8s-pod-network.c-annotated-web");
            assertThat(a.secondary()).containsEntry("node", "node-0").containsEntry("pod", "web").containsEntry("namespace", "annotated");
            // Go's time.Time.String() in UTC, as upstream's plugin writes time.Now().UTC().String()
            assertThat(a.secondary().get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})? \\+0000 UTC");
        }
        // the pod now has a WorkloadEndpoint listing the address
        assertThat(server.kubectl("get", "pod", "web", "-n", "annotated", "-o", "json")).isNotEmpty();
    }

    @Test
    void podAnnotationBeatsNamespaceAnnotationWhichBeatsTheConfig() throws Exception {
        pod("annotated", "override", "cni.projectcalico.org/ipv4pools=[\"internal-pool\"]");
        pod("annotated", "follower");
        pod("plain", "configured");
        assertThat(ok(add("annotated", "override", null)).address()).startsWith("192.169.0.");
        assertThat(ok(add("annotated", "follower", "[\"internal-pool\"]")).address()).startsWith("172.16.0.");
        assertThat(ok(add("plain", "configured", "[\"internal-pool\"]")).address()).startsWith("192.169.0.");
    }

    @Test
    void ipAddrsPinsTheAddress() throws Exception {
        pod("plain", "pinned", "cni.projectcalico.org/ipAddrs=[\"192.169.0.77\"]");
        assertThat(ok(add("plain", "pinned", null)).address()).startsWith("192.169.0.77/");
    }

    @Test
    void namespaceLabelsMeetPoolsNamespaceSelector() throws Exception {
        pod("blue", "b1");
        pod("plain", "p1");
        assertThat(ok(add("blue", "b1", null)).address()).startsWith("10.50.0.");
        assertThat(ok(add("plain", "p1", null)).address()).doesNotStartWith("10.50.0.");
    }

    @Test
    void badAnnotationsAndMissingPodsFailInOneLineWithNothingAllocated() throws Exception {
        pod("plain", "broken", "cni.projectcalico.org/ipv4pools=not-json");
        Out bad = add("plain", "broken", null);
        assertThat(bad.rc()).isNotZero();
        assertThat(bad.msg()).contains("ipv4pools").doesNotContain("\n").doesNotContain("Exception");
        Out ghost = add("plain", "ghost", null);
        assertThat(ghost.rc()).isNotZero();
        assertThat(ghost.msg()).isEqualTo("pods \"ghost\" not found in namespace plain");
        try (Datastore ds = server.connect()) {
            assertThat(new Ipam(ds).blocks(false)).isEmpty();
        }
    }
}
