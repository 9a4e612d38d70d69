package dev.calicoctl.cli.cni;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.Datastores;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.datastore.etcd.EtcdServer;
import dev.calicoctl.ipam.AllocationBlock;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Json;
import dev.calicoctl.model.Kinds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The plugin as a container runtime uses it: Debian's standard `bridge` CNI plugin delegates
 * IPAM to `calico-ipam` (a symlink to the packaged ./calicoctl launcher in a CNI bin directory)
 * for containers in network namespaces this test creates. Needs root; under CI=true a missing
 * capability fails the test with the reason instead of skipping it.
 */
class CniBridgeIT {
    static final Path ROOT = Path.of(System.getProperty("calicoctl.root", "..")).toAbsolutePath().normalize();
    static final String BRIDGE_PLUGIN = "/usr/lib/cni/bridge";
    static final String NODE = "casey-crc-kadm-node-0";

    @TempDir Path tmp;
    Path bin, db;
    String tag, bridge;
    final List<String> namespaces = new ArrayList<>();
    /** etcd endpoint when the test runs on etcd, else the local store at {@link #db}. */
    String etcd;

    record Proc(int rc, String out, String err) {}

    static Proc exec(List<String> cmd, Map<String, String> env, String stdin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CNI_") || k.startsWith("ETCD_") || k.contains("DATASTORE_TYPE") || k.equals("CALICOCTL_LOCAL_DB"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Proc(p.exitValue(), out, err);
    }

    static Proc ip(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        return exec(cmd, Map.of(), "");
    }

    /** Root, `ip netns` and the bridge plugin are needed; without them the test is skipped, or fails under CI=true. */
    static void requireNetworkNamespaces() throws Exception {
        String problem = null;
        if (!Files.isExecutable(Path.of(BRIDGE_PLUGIN))) problem = BRIDGE_PLUGIN + " is missing (apt-get install containernetworking-plugins; src/test.sh installs it)";
        else {
            String probe = "cniprobe-" + ProcessHandle.current().pid();
            Proc add;
            try {
                add = ip("netns", "add", probe);
            } catch (java.io.IOException e) {
                add = new Proc(127, "", "the ip command is missing (apt-get install iproute2): " + e.getMessage());
            }
            if (add.rc() != 0) problem = "cannot create a network namespace (needs root and iproute2): " + add.err().trim();
            else ip("netns", "del", probe);
        }
        if (problem == null) return;
        if ("true".equals(System.getenv("CI"))) fail(problem);
        Assumptions.abort(problem);
    }

    @BeforeEach void setUp() throws Exception {
        requireNetworkNamespaces();
        tag = HexFormat.of().formatHex(SecureRandom.getSeed(3));
        bridge = "cni" + tag;
        bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("calico-ipam"), ROOT.resolve("calicoctl"));
        db = tmp.resolve("store.db");
    }

    @AfterEach void cleanUp() throws Exception {
        for (String ns : namespaces) ip("netns", "del", ns);
        ip("link", "del", bridge);
    }

    Map<String, String> storeEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", tmp.toString());
        if (etcd != null) {
            env.put("DATASTORE_TYPE", "etcdv3");
            env.put("ETCD_ENDPOINTS", etcd);
        } else {
            env.put("CALICOCTL_LOCAL_DB", db.toString());
        }
        return env;
    }

    Proc calicoctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("calicoctl").toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, storeEnv(), "");
    }

    void applySeedPools() throws Exception {
        Proc r = calicoctl("apply", "-f", ROOT.resolve("examples/pools.yaml").toString());
        assertThat(r.rc()).as(r.err()).isZero();
    }

    String newNamespace() throws Exception {
        String ns;
        synchronized (namespaces) {
            ns = "cit-" + tag + "-" + namespaces.size();
            namespaces.add(ns);
        }
        Proc r = ip("netns", "add", ns);
        assertThat(r.rc()).as(r.err()).isZero();
        return ns;
    }

    /** The network config: the bridge plugin, our IPAM plugin with the given pools, the datastore the test uses. */
    String netconf(String pool) {
        Map<String, Object> ipam = new HashMap<>();
        ipam.put("type", "calico-ipam");
        if (pool != null) ipam.put("ipv4_pools", List.of(pool));
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("cniVersion", "1.0.0");
        c.put("name", "citnet");
        c.put("type", "bridge");
        c.put("bridge", bridge);
        c.put("nodename", NODE);
        c.put("ipam_lock_file", tmp.resolve("ipam.lock").toString());
        if (etcd != null) {
            c.put("datastore_type", "etcdv3");
            c.put("etcd_endpoints", etcd);
        }
        c.put("ipam", ipam);
        return Json.write(c);
    }

    /** Runs the bridge plugin for one container (named after its namespace) with our plugin on CNI_PATH. */
    Proc bridge(String command, String ns, String conf, String cniArgs) throws Exception {
        Map<String, String> env = storeEnv();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "ctr-" + ns);
        env.put("CNI_NETNS", "/var/run/netns/" + ns);
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", bin + ":/usr/lib/cni");
        if (cniArgs != null) env.put("CNI_ARGS", cniArgs);
        return exec(List.of(BRIDGE_PLUGIN), env, conf);
    }

    /** ADD through the bridge; returns the address (CIDR form) the container's eth0 got. */
    String add(String ns, String conf, String cniArgs) throws Exception {
        Proc r = bridge("ADD", ns, conf, cniArgs);
        assertThat(r.rc()).as(r.out() + r.err()).isZero();
        @SuppressWarnings("unchecked") List<Map<String, Object>> ips = (List<Map<String, Object>>) Json.parseObject(r.out()).get("ips");
        assertThat(ips).hasSize(1);
        String address = (String) ips.get(0).get("address");
        Proc shown = ip("-n", ns, "-o", "-4", "addr", "show", "dev", "eth0");
        assertThat(shown.out()).as("ip -n %s addr", ns).contains("inet " + address + " ");
        return address;
    }

    static IpAddress host(String cidr) { return IpAddress.parse(cidr.substring(0, cidr.indexOf('/'))); }

    Datastore open() {
        return Datastores.open(etcd != null
                ? new DatastoreConfig(DatastoreConfig.ETCDV3, null, List.of(etcd), null, null, null, null, null, null)
                : LocalStores.at(db));
    }

    Optional<AllocationBlock> blockOf(IpAddress a) {
        try (Datastore ds = open()) {
            return new Ipam(ds).blockOf(a);
        }
    }

    void assertCheckClean() throws Exception {
        Proc check = calicoctl("ipam", "check");
        assertThat(check.rc()).as(check.err()).isZero();
        assertThat(check.out()).contains("found 0 problems");
    }

    int allocatedAddresses() {
        try (Datastore ds = open()) {
            int n = 0;
            for (AllocationBlock b : new Ipam(ds).blocks()) n += b.allocatedCount();
            return n;
        }
    }

    // ------------------------------------------------------------ tests

    @Test void addCheckDelThroughTheBridgePlugin() throws Exception {
        applySeedPools();
        String ns = newNamespace();
        String conf = netconf("external-pool");
        Proc added = bridge("ADD", ns, conf, null);
        assertThat(added.rc()).as(added.out() + added.err()).isZero();
        String address = (String) ((List<?>) Json.parseObject(added.out()).get("ips")).stream().map(m -> ((Map<?, ?>) m).get("address")).findFirst().orElseThrow();
        assertThat(ip("-n", ns, "-o", "-4", "addr", "show", "dev", "eth0").out()).contains("inet " + address + " ");
        IpAddress a = host(address);
        assertThat(Cidr.parse("172.16.0.0/26").contains(a)).as(address).isTrue();
        // from this node's /29 block, with the pod's handle
        AllocationBlock block = blockOf(a).orElseThrow();
        assertThat(block.affinity()).isEqualTo("host:" + NODE);
        assertThat(block.cidr().prefix()).isEqualTo(29);
        assertThat(address).endsWith("/29");
        assertCheckClean();

        // CHECK: the runtime passes the ADD result as prevResult; the bridge calls our CHECK too
        Map<String, Object> withPrev = Json.parseObject(conf);
        withPrev.put("prevResult", Json.parse(added.out()));
        Proc checked = bridge("CHECK", ns, Json.write(withPrev), null);
        assertThat(checked.rc()).as(checked.out() + checked.err()).isZero();

        Proc del = bridge("DEL", ns, conf, null);
        assertThat(del.rc()).as(del.out() + del.err()).isZero();
        assertThat(allocatedAddresses()).isZero();
        assertThat(ip("-n", ns, "link", "show", "eth0").rc()).isNotZero();
        Proc again = bridge("DEL", ns, conf, null);
        assertThat(again.rc()).as("a second DEL succeeds: " + again.out()).isZero();
        assertCheckClean();
    }

    @Test void fiftyContainersAddedAndDeletedConcurrently() throws Exception {
        applySeedPools();
        int n = 50;
        List<String> nss = new ArrayList<>();
        for (int i = 0; i < n; i++) nss.add(newNamespace());
        String conf = netconf("internal-pool");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<String>> adds = new ArrayList<>();
            for (String ns : nss) adds.add(pool.submit(() -> add(ns, conf, null)));
            Set<IpAddress> seen = new HashSet<>();
            for (Future<String> f : adds) {
                IpAddress a = host(f.get(600, TimeUnit.SECONDS));
                assertThat(Cidr.parse("192.169.0.0/24").contains(a)).as(a.toString()).isTrue();
                assertThat(seen.add(a)).as("address handed out twice: %s", a).isTrue();
            }
            assertThat(seen).hasSize(n);
            assertThat(allocatedAddresses()).isEqualTo(n);
            try (Datastore ds = open()) {
                assertThat(new ResourceStore(ds).list(Kinds.byName("WorkloadEndpoint"), null)).hasSize(n);
            }
            assertCheckClean();

            List<Future<Proc>> dels = new ArrayList<>();
            for (String ns : nss) dels.add(pool.submit(() -> bridge("DEL", ns, conf, null)));
            for (Future<Proc> f : dels) {
                Proc r = f.get(600, TimeUnit.SECONDS);
                assertThat(r.rc()).as(r.out() + r.err()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(allocatedAddresses()).isZero();
        assertCheckClean();
    }

    /** The seed article: three nginx pods in each of two namespaces, each namespace's pods from its own pool. */
    @Test void seedArticleThreePodsPerNamespace() throws Exception {
        applySeedPools();
        Map<String, String> poolOf = Map.of("external-ns", "external-pool", "internal-ns", "internal-pool");
        Map<String, String> cidrOf = Map.of("external-ns", "172.16.0.0/26", "internal-ns", "192.169.0.0/24");
        for (String k8sNs : List.of("external-ns", "internal-ns")) {
            Set<Cidr> blocks = new HashSet<>();
            for (int i = 1; i <= 3; i++) {
                String ns = newNamespace();
                String address = add(ns, netconf(poolOf.get(k8sNs)), "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + k8sNs + ";K8S_POD_NAME=nginx-" + i);
                IpAddress a = host(address);
                assertThat(Cidr.parse(cidrOf.get(k8sNs)).contains(a)).as(k8sNs + " " + address).isTrue();
                blocks.add(blockOf(a).orElseThrow().cidr());
            }
            assertThat(blocks).as("the %s pods share one /29 block of the node", k8sNs).hasSize(1);
            Proc weps = calicoctl("get", "workloadendpoints", "-n", k8sNs, "-o", "yaml");
            assertThat(weps.out()).contains("pod: nginx-1", "pod: nginx-2", "pod: nginx-3", "name: " + NODE.replace("-", "--") + "-k8s-nginx--1-eth0");
        }
        Proc blocks = calicoctl("ipam", "show", "--show-blocks");
        assertThat(blocks.out()).containsPattern("Block\\s+\\|\\s+172\\.16\\.0\\.\\d+/29\\s+\\|\\s+8\\s+\\|\\s+3 \\(\\d+%\\)");
        assertThat(blocks.out()).containsPattern("Block\\s+\\|\\s+192\\.169\\.0\\.\\d+/29\\s+\\|\\s+8\\s+\\|\\s+3 \\(\\d+%\\)");
        assertCheckClean();
    }

    @Test void addCheckDelOnEtcd() throws Exception {
        try (EtcdServer server = EtcdServer.start()) {
            etcd = server.endpoint;
            applySeedPools();
            String ns = newNamespace();
            String conf = netconf(null); // no pools named: every enabled pool whose selectors match
            String address = add(ns, conf, "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-1");
            assertThat(blockOf(host(address)).orElseThrow().affinity()).isEqualTo("host:" + NODE);
            assertCheckClean();
            Proc del = bridge("DEL", ns, conf, "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-1");
            assertThat(del.rc()).as(del.out() + del.err()).isZero();
            assertThat(allocatedAddresses()).isZero();
            assertCheckClean();
        }
    }
}
