package dev.calicoctl.cli.cni;

import dev.calicoctl.cli.Main;
import dev.calicoctl.datastore.Datastores;
import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.model.Json;
import dev.calicoctl.model.Kinds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CNI protocol of `calicoctl cni ipam`, run in-process on a private local store: result and
 * error shapes per cniVersion, DEL idempotence, CHECK, STATUS, VERSION, and every kind of bad
 * input answered with the spec's error code, a one-line message, a non-zero exit and nothing
 * allocated.
 */
class CniPluginTest {
    @TempDir Path dir;

    record Out(int rc, String out, String err) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json() { return (Map<String, Object>) Json.parse(out); }
        long code() { return ((Number) json().get("code")).longValue(); }
        String msg() { return (String) json().get("msg"); }
    }

    Path db;

    @BeforeEach void pools() throws Exception {
        db = dir.resolve("store.db");
        Path f = dir.resolve("pools.yaml");
        Files.writeString(f, String.join("\n", "apiVersion: projectcalico.org/v3", "kind: IPPool", "metadata:", "  name: external-pool", "spec:",
                "  cidr: 172.16.0.0/26", "  blockSize: 29", "---", "apiVersion: projectcalico.org/v3", "kind: IPPool", "metadata:",
                "  name: tiny-pool", "spec:", "  cidr: 10.9.0.0/30", "  blockSize: 30", "---", "apiVersion: projectcalico.org/v3", "kind: IPPool",
                "metadata:", "  name: v6-pool", "spec:", "  cidr: fd00:10::/120", "  blockSize: 122", ""));
        Map<String, String> env = baseEnv();
        // the local store named by CALICOCTL_LOCAL_DB, whatever /etc/calico/calicoctl.cfg says
        Path cfg = dir.resolve("calicoctl.cfg");
        Files.writeString(cfg, "apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata: {}\nspec:\n  datastoreType: local\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Main.run(new String[]{"apply", "-f", f.toString(), "--config", cfg.toString()},
                new PrintStream(out), new PrintStream(out), new ByteArrayInputStream(new byte[0]), env);
        assertThat(rc).as(out.toString()).isZero();
    }

    Map<String, String> baseEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("CALICOCTL_LOCAL_DB", db.toString());
        return env;
    }

    Map<String, String> env(String cmd, String container) {
        Map<String, String> env = baseEnv();
        env.put("CNI_COMMAND", cmd);
        env.put("CNI_CONTAINERID", container);
        env.put("CNI_NETNS", "/var/run/netns/" + container);
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", "/usr/lib/cni");
        return env;
    }

    String conf(String version, String ipam) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"testnet\",\"type\":\"bridge\",\"bridge\":\"br-x\",\"isGateway\":true,"
                + "\"nodename\":\"node-0\",\"ipam_lock_file\":\"" + dir.resolve("ipam.lock") + "\",\"ipam\":" + ipam + "}";
    }

    Out cni(Map<String, String> env, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = Main.run(new String[]{"cni", "ipam"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env);
        return new Out(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Handles and allocated addresses in the store: what "nothing allocated" is checked against. */
    int allocations() {
        try (Datastore ds = Datastores.open(LocalStores.at(db))) {
            Ipam ipam = new Ipam(ds);
            int n = 0;
            for (var b : ipam.blocks()) n += b.allocatedCount();
            return n + ipam.handles().size();
        }
    }

    int endpoints() {
        try (Datastore ds = Datastores.open(LocalStores.at(db))) {
            return new ResourceStore(ds).list(Kinds.byName("WorkloadEndpoint"), null).size();
        }
    }

    static final String EXTERNAL = "{\"type\":\"calico-ipam\",\"ipv4_pools\":[\"external-pool\"]}";

    @Test void addGivesAnAddressOfTheBlockInTheShapeOfTheVersion() {
        Out v1 = cni(env("ADD", "c1"), conf("1.0.0", EXTERNAL));
        assertThat(v1.rc()).as(v1.out()).isZero();
        Map<String, Object> r = v1.json();
        assertThat(r.get("cniVersion")).isEqualTo("1.0.0");
        @SuppressWarnings("unchecked") Map<String, Object> ip = ((List<Map<String, Object>>) r.get("ips")).get(0);
        assertThat(ip).doesNotContainKey("version").doesNotContainKey("interface");
        String address = (String) ip.get("address");
        assertThat(address).startsWith("172.16.0.").endsWith("/29");
        String host = address.substring(0, address.indexOf('/'));
        assertThat(r.get("routes")).isEqualTo(List.of(Map.of("dst", host + "/32")));
        assertThat(r).containsKey("dns");
        // the WorkloadEndpoint of a plain CNI container: <node>-cni-<container>-<interface>
        assertThat(endpoints()).isEqualTo(1);

        Out v031 = cni(env("ADD", "c2"), conf("0.3.1", EXTERNAL));
        assertThat(v031.rc()).as(v031.out()).isZero();
        @SuppressWarnings("unchecked") Map<String, Object> ip2 = ((List<Map<String, Object>>) v031.json().get("ips")).get(0);
        assertThat(ip2.get("version")).isEqualTo("4");
        assertThat(ip2.get("address")).isNotEqualTo(address);
        // indented as the CNI library prints results
        assertThat(v031.out()).startsWith("{\n    \"cniVersion\": \"0.3.1\",");
    }

    @Test void delReleasesAndIsIdempotent() {
        Out add = cni(env("ADD", "c1"), conf("1.1.0", EXTERNAL));
        assertThat(add.rc()).isZero();
        assertThat(allocations()).isEqualTo(2); // one address, one handle
        Out del = cni(env("DEL", "c1"), conf("1.1.0", EXTERNAL));
        assertThat(del.rc()).as(del.out()).isZero();
        assertThat(del.out()).isEmpty();
        assertThat(allocations()).isZero();
        assertThat(endpoints()).isZero();
        Out again = cni(env("DEL", "c1"), conf("1.1.0", EXTERNAL));
        assertThat(again.rc()).as(again.out()).isZero();
        Out unknown = cni(env("DEL", "never-added"), conf("1.1.0", EXTERNAL));
        assertThat(unknown.rc()).as(unknown.out()).isZero();
    }

    @Test void podArgsNameTheEndpointAndTheAttributes() {
        Map<String, String> env = env("ADD", "abc123");
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=external-ns;K8S_POD_NAME=nginx-1;K8S_POD_UID=u-1");
        Out add = cni(env, conf("1.0.0", EXTERNAL));
        assertThat(add.rc()).as(add.out()).isZero();
        try (Datastore ds = Datastores.open(LocalStores.at(db))) {
            var wep = new ResourceStore(ds).find(Kinds.byName("WorkloadEndpoint"), "external-ns", "node--0-k8s-nginx--1-eth0");
            assertThat(wep).isPresent();
            assertThat(wep.get().spec().get("pod")).isEqualTo("nginx-1");
            Ipam ipam = new Ipam(ds);
            assertThat(ipam.handle("testnet.abc123")).isPresent();
            var attrs = ipam.blocks().get(0).attributes().get(0).secondary();
            assertThat(attrs).containsEntry("pod", "nginx-1").containsEntry("namespace", "external-ns").containsEntry("node", "node-0");
            assertThat(attrs.get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\+0000 UTC");
        }
        // unknown CNI_ARGS without IgnoreUnknown are refused, as the CNI library's LoadArgs does
        Map<String, String> strict = env("ADD", "abc124");
        strict.put("CNI_ARGS", "K8S_POD_NAMESPACE=external-ns;K8S_POD_NAME=nginx-2;FOO=bar");
        Out refused = cni(strict, conf("1.0.0", EXTERNAL));
        assertThat(refused.rc()).isEqualTo(1);
        assertThat(refused.code()).isEqualTo(4);
    }

    @Test void nodenameFromTheNodenameFile() throws Exception {
        Path file = dir.resolve("nodename");
        Files.writeString(file, "node-from-file\n");
        String conf = conf("1.0.0", EXTERNAL).replace("\"nodename\":\"node-0\"", "\"nodename_file\":\"" + file + "\"");
        Out add = cni(env("ADD", "c1"), conf);
        assertThat(add.rc()).as(add.out()).isZero();
        try (Datastore ds = Datastores.open(LocalStores.at(db))) {
            assertThat(new Ipam(ds).blocks().get(0).affinity()).isEqualTo("host:node-from-file");
            assertThat(new ResourceStore(ds).find(Kinds.byName("WorkloadEndpoint"), "default", "node--from--file-cni-c1-eth0")).isPresent();
        }
    }

    @Test void ipArgAssignsThatAddress() {
        Map<String, String> env = env("ADD", "c1");
        env.put("CNI_ARGS", "IP=172.16.0.20");
        Out add = cni(env, conf("1.0.0", "{\"type\":\"calico-ipam\"}"));
        assertThat(add.rc()).as(add.out()).isZero();
        assertThat(add.out()).contains("\"address\": \"172.16.0.20/32\"");
        Out taken = cni(env("ADD", "c2"), conf("1.0.0", "{\"type\":\"calico-ipam\"}"));
        assertThat(taken.rc()).isZero(); // c2 without IP= gets any address
    }

    @Test void dualStackAndFamilies() {
        Out add = cni(env("ADD", "c1"), conf("1.0.0", "{\"type\":\"calico-ipam\",\"assign_ipv4\":\"false\",\"assign_ipv6\":\"true\"}"));
        assertThat(add.rc()).as(add.out()).isZero();
        assertThat(add.out()).contains("\"address\": \"fd00:10::").contains("/122\"").doesNotContain("172.16.");
        Out wrong = cni(env("ADD", "c2"), conf("1.0.0", "{\"type\":\"calico-ipam\",\"ipv4_pools\":[\"fd00:10::/120\"]}"));
        assertThat(wrong.rc()).isEqualTo(1);
        assertThat(wrong.code()).isEqualTo(7);
        assertThat(wrong.msg()).isEqualTo("\"fd00:10::\" isn't a IPv4 address");
    }

    @Test void checkComparesThePrevResultWithTheAllocation() {
        Out add = cni(env("ADD", "c1"), conf("1.0.0", EXTERNAL));
        String withPrev = conf("1.0.0", EXTERNAL).replaceFirst("}$", ",\"prevResult\":" + add.out().trim() + "}");
        Out ok = cni(env("CHECK", "c1"), withPrev);
        assertThat(ok.rc()).as(ok.out()).isZero();
        Out other = cni(env("CHECK", "c2"), withPrev);
        assertThat(other.rc()).isEqualTo(1);
        assertThat(other.code()).isEqualTo(101);
        Out old = cni(env("CHECK", "c1"), withPrev.replace("\"cniVersion\":\"1.0.0\"", "\"cniVersion\":\"0.3.1\""));
        assertThat(old.code()).isEqualTo(1);
        assertThat(old.msg()).isEqualTo("config version does not allow CHECK");
    }

    @Test void versionAndStatus() {
        Map<String, String> env = baseEnv();
        env.put("CNI_COMMAND", "VERSION");
        Out v = cni(env, "{\"cniVersion\":\"0.4.0\"}");
        assertThat(v.rc()).isZero();
        assertThat(v.json()).isEqualTo(Map.of("cniVersion", "0.4.0", "supportedVersions", List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0")));
        env.put("CNI_COMMAND", "STATUS");
        Out s = cni(env, conf("1.1.0", EXTERNAL));
        assertThat(s.rc()).as(s.out()).isZero();
        assertThat(s.out()).isEmpty();
        Out down = cni(env, conf("1.1.0", EXTERNAL).replaceFirst("}$", ",\"datastore_type\":\"etcdv3\",\"etcd_endpoints\":\"http://127.0.0.1:" + closedPort() + "\"}"));
        assertThat(down.rc()).isEqualTo(1);
        assertThat(down.code()).isEqualTo(50);
    }

    // ------------------------------------------------------------ bad input: code, one line, exit 1, nothing allocated

    void refused(Out o, int code, String msgPart) {
        assertThat(o.rc()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(o.code()).as(o.out()).isEqualTo(code);
        assertThat(o.msg()).contains(msgPart).doesNotContain("\n").doesNotContain("Exception");
        assertThat(allocations()).isZero();
        assertThat(endpoints()).isZero();
    }

    @Test void malformedStdin() {
        refused(cni(env("ADD", "c1"), "{\"cniVersion\":\"1.0.0\",\"name\":"), 6, "error unmarshalling network config: invalid JSON");
        refused(cni(env("ADD", "c1"), "[1,2]"), 6, "expected a JSON object");
        refused(cni(env("ADD", "c1"), conf("1.0.0", "{\"type\":\"calico-ipam\",\"assign_ipv4\":true}")), 6, "ipam.assign_ipv4 must be a string, not a boolean");
        refused(cni(env("ADD", "c1"), conf("1.0.0", "{\"type\":\"calico-ipam\",\"ipv4_pool\":[\"external-pool\"]}")), 2, "unsupported field ipam.ipv4_pool=[\"external-pool\"]");
        refused(cni(env("ADD", "c1"), conf("1.0.0", EXTERNAL).replace("\"name\":\"testnet\",", "")), 7, "missing network name");
        refused(cni(env("ADD", "c1"), conf("0.2.0", EXTERNAL)), 1, "incompatible CNI versions");
    }

    @Test void missingEnvironment() {
        Map<String, String> env = env("ADD", "c1");
        env.remove("CNI_CONTAINERID");
        env.remove("CNI_NETNS");
        refused(cni(env, conf("1.0.0", EXTERNAL)), 4, "required env variables [CNI_CONTAINERID,CNI_NETNS] missing");
        Map<String, String> none = env("ADD", "c1");
        none.remove("CNI_COMMAND");
        refused(cni(none, conf("1.0.0", EXTERNAL)), 4, "[CNI_COMMAND]");
        refused(cni(env("ADD", "bad/id"), conf("1.0.0", EXTERNAL)), 4, "invalid characters in CNI_CONTAINERID");
        Map<String, String> del = env("DEL", "c1");
        del.remove("CNI_IFNAME");
        refused(cni(del, conf("1.0.0", EXTERNAL)), 4, "[CNI_IFNAME]");
    }

    @Test void poolThatDoesNotExist() {
        refused(cni(env("ADD", "c1"), conf("1.0.0", "{\"type\":\"calico-ipam\",\"ipv4_pools\":[\"no-such-pool\"]}")), 7, "no-such-pool");
        refused(cni(env("ADD", "c1"), conf("1.0.0", "{\"type\":\"calico-ipam\",\"ipv4_pools\":[\"10.77.0.0/24\"]}")), 7, "10.77.0.0/24");
    }

    @Test void errorJsonEscapesAsGoDoes() {
        // Go's encoder writes <, > and & as \u003c, \u003e, \u0026; a caller parsing our output sees the same bytes as upstream's
        Out r = cni(env("ADD", "c1"), conf("1.0.0", "{\"type\":\"calico-ipam\",\"ipv4_pools\":[\"<a&b>\"]}"));
        assertThat(r.code()).isEqualTo(7);
        assertThat(r.msg()).contains("<a&b>");
        assertThat(r.out()).contains("\\u003ca\\u0026b\\u003e").doesNotContain("<a&b>");
    }

    @Test void exhaustedPool() {
        String tiny = conf("1.0.0", "{\"type\":\"calico-ipam\",\"ipv4_pools\":[\"tiny-pool\"]}");
        for (int i = 0; i < 4; i++) assertThat(cni(env("ADD", "t" + i), tiny).rc()).isZero();
        int before = allocations();
        Out full = cni(env("ADD", "t4"), tiny);
        assertThat(full.rc()).isEqualTo(1);
        assertThat(full.code()).isEqualTo(100);
        assertThat(full.msg()).startsWith("failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses");
        assertThat(allocations()).isEqualTo(before);
        assertThat(endpoints()).isEqualTo(4);
    }

    @Test void unreachableDatastore() {
        String conf = conf("1.0.0", EXTERNAL).replaceFirst("}$", ",\"datastore_type\":\"etcdv3\",\"etcd_endpoints\":\"http://127.0.0.1:" + closedPort() + "\"}");
        refused(cni(env("ADD", "c1"), conf), 11, "datastore unavailable: cannot reach etcd at http://127.0.0.1:");
        Out del = cni(env("DEL", "c1"), conf);
        assertThat(del.rc()).isEqualTo(1);
        assertThat(del.code()).isEqualTo(11);
    }

    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
