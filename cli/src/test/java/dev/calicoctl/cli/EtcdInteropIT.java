package dev.calicoctl.cli;

import dev.calicoctl.datastore.etcd.EtcdServer;
import dev.calicoctl.model.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data written the way a running Calico writes it (keys and JSON loaded with etcdctl) is read
 * correctly by ./calicoctl, and what ./calicoctl writes has Calico's keys and field names.
 */
class EtcdInteropIT {
    static EtcdServer etcd;
    @TempDir Path home;

    @BeforeAll static void start() throws Exception { etcd = EtcdServer.start(); }

    @AfterAll static void stop() throws Exception { if (etcd != null) etcd.close(); }

    Launch.Out run(List<String> cmd, Map<String, String> env) throws Exception {
        return Launch.run(cmd, env);
    }

    Launch.Out etcdctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("etcdctl", "--endpoints=" + etcd.endpoint));
        cmd.addAll(List.of(args));
        return run(cmd, Map.of("ETCDCTL_API", "3"));
    }

    Launch.Out calicoctl(String... args) throws Exception {
        return Launch.calicoctl(home, Map.of("DATASTORE_TYPE", "etcdv3", "ETCD_ENDPOINTS", etcd.endpoint), args);
    }

    void put(String key, String json) throws Exception {
        Launch.Out r = etcdctl("put", key, json);
        assertThat(r.rc()).as(r.err()).isZero();
    }

    static String block() {
        StringBuilder allocs = new StringBuilder("[0,null,1"), unalloc = new StringBuilder("[1");
        for (int i = 3; i < 64; i++) { allocs.append(",null"); unalloc.append(',').append(i); }
        allocs.append(']');
        unalloc.append(']');
        return "{\"cidr\":\"192.168.10.0/26\",\"affinity\":\"host:node1\",\"allocations\":" + allocs + ",\"unallocated\":" + unalloc
                + ",\"attributes\":[{\"handle_id\":\"ipip-tunnel-addr-node1\",\"secondary\":{\"node\":\"node1\",\"type\":\"ipipTunnelAddress\"}},"
                + "{\"handle_id\":\"k8s-pod-network.0a1b2c\",\"secondary\":{\"namespace\":\"default\",\"node\":\"node1\",\"pod\":\"web-1\",\"timestamp\":\"2024-05-01 10:00:00.000 +0000 UTC\"}}],"
                + "\"sequenceNumber\":1714557600000000000,\"sequenceNumberForAllocation\":{\"0\":1714557600000000000,\"2\":1714557600000000001},\"deleted\":false}";
    }

    @Test
    void readsWhatCalicoWroteAndWritesWhatCalicoReads() throws Exception {
        String r3 = "/calico/resources/v3/projectcalico.org/";
        put(r3 + "clusterinformations/default", "{\"kind\":\"ClusterInformation\",\"apiVersion\":\"projectcalico.org/v3\",\"metadata\":{\"name\":\"default\",\"uid\":\"c1\",\"creationTimestamp\":\"2024-05-01T10:00:00Z\"},\"spec\":{\"clusterGUID\":\"f0e1d2c3\",\"clusterType\":\"k8s,bgp,kubeadm,kdd\",\"calicoVersion\":\"v3.32.0\",\"datastoreReady\":true}}");
        put(r3 + "ippools/default-ipv4-ippool", "{\"kind\":\"IPPool\",\"apiVersion\":\"projectcalico.org/v3\",\"metadata\":{\"name\":\"default-ipv4-ippool\",\"uid\":\"9f1c\",\"creationTimestamp\":\"2024-05-01T10:00:00Z\"},\"spec\":{\"cidr\":\"192.168.0.0/16\",\"vxlanMode\":\"Never\",\"ipipMode\":\"Always\",\"natOutgoing\":true,\"blockSize\":26,\"nodeSelector\":\"all()\",\"allowedUses\":[\"Workload\",\"Tunnel\"]}}");
        put(r3 + "nodes/node1", "{\"kind\":\"Node\",\"apiVersion\":\"projectcalico.org/v3\",\"metadata\":{\"name\":\"node1\",\"labels\":{\"kubernetes.io/hostname\":\"node1\"}},\"spec\":{\"bgp\":{\"ipv4Address\":\"10.0.0.11/24\",\"ipv4IPIPTunnelAddr\":\"192.168.10.0\"}}}");
        put(r3 + "workloadendpoints/default/node1-k8s-web--1-eth0", "{\"kind\":\"WorkloadEndpoint\",\"apiVersion\":\"projectcalico.org/v3\",\"metadata\":{\"name\":\"node1-k8s-web--1-eth0\",\"namespace\":\"default\"},\"spec\":{\"orchestrator\":\"k8s\",\"node\":\"node1\",\"pod\":\"web-1\",\"endpoint\":\"eth0\",\"ipNetworks\":[\"192.168.10.2/32\"]}}");
        put("/calico/ipam/v2/assignment/ipv4/block/192.168.10.0-26", block());
        put("/calico/ipam/v2/host/node1/ipv4/block/192.168.10.0-26", "{\"state\":\"confirmed\",\"deleted\":false}");
        put("/calico/ipam/v2/handle/ipip-tunnel-addr-node1", "{\"block\":{\"192.168.10.0/26\":1},\"deleted\":false}");
        put("/calico/ipam/v2/handle/k8s-pod-network.0a1b2c", "{\"block\":{\"192.168.10.0/26\":1},\"deleted\":false}");
        put("/calico/ipam/v2/config", "{\"strict_affinity\":false,\"auto_allocate_blocks\":true}");

        Launch.Out get = calicoctl("get", "ippools", "-o", "wide");
        assertThat(get.rc()).as(get.err()).isZero();
        assertThat(get.out()).contains("default-ipv4-ippool   192.168.0.0/16   true   Always");
        assertThat(calicoctl("version").out()).contains("Cluster Version:   v3.32.0").contains("Cluster Type:      k8s,bgp,kubeadm,kdd");
        assertThat(calicoctl("ipam", "show", "--show-blocks").out())
                .containsPattern("\\| Block +\\| 192\\.168\\.10\\.0/26 +\\| +64 \\| +2 \\(3%\\) \\|");
        assertThat(calicoctl("ipam", "show", "--ip", "192.168.10.2").out())
                .startsWith("IP 192.168.10.2 is in use\nHandle ID: k8s-pod-network.0a1b2c\nActive Owner Attributes:\n  namespace: default\n  node: node1\n  pod: web-1\n");
        Launch.Out check = calicoctl("ipam", "check");
        assertThat(check.out()).contains("Found 1 node tunnel IPs.").contains("Found 1 workload IPs.").contains("Check complete; found 0 problems.");

        // and the other way: what calicoctl writes, Calico reads
        Launch.Out assigned = calicoctl("ipam", "assign", "--node", "node1", "--namespace", "default", "--pod", "web-2", "--handle", "k8s-pod-network.3d4e5f");
        assertThat(assigned.out().strip()).isEqualTo("192.168.10.1"); // the front of node1's free list
        Map<String, Object> blk = Json.parseObject(etcdctl("get", "--print-value-only", "/calico/ipam/v2/assignment/ipv4/block/192.168.10.0-26").out().strip());
        assertThat(blk.keySet()).containsExactly("cidr", "affinity", "allocations", "unallocated", "attributes", "sequenceNumber",
                "sequenceNumberForAllocation", "deleted");
        assertThat(((List<?>) blk.get("allocations")).get(1)).isEqualTo(2L);
        assertThat(blk.get("attributes").toString()).contains("handle_id=k8s-pod-network.3d4e5f").contains("pod=web-2");
        assertThat(etcdctl("get", "--print-value-only", "/calico/ipam/v2/handle/k8s-pod-network.3d4e5f").out().strip())
                .isEqualTo("{\"block\":{\"192.168.10.0/26\":1},\"deleted\":false}");
        assertThat(calicoctl("ipam", "configure", "--strictaffinity=true").rc()).isZero();
        assertThat(etcdctl("get", "--print-value-only", "/calico/ipam/v2/config").out().strip())
                .isEqualTo("{\"strict_affinity\":true,\"auto_allocate_blocks\":true}");
        Path pool = home.resolve("pool.yaml");
        Files.writeString(pool, "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: extra\nspec:\n  cidr: 10.50.0.0/16\n  blockSize: 28\n");
        assertThat(calicoctl("apply", "-f", pool.toString()).out()).isEqualTo("Successfully applied 1 'IPPool' resource(s)\n");
        Map<String, Object> stored = Json.parseObject(etcdctl("get", "--print-value-only", "/calico/resources/v3/projectcalico.org/ippools/extra").out().strip());
        assertThat(stored.keySet()).containsExactly("kind", "apiVersion", "metadata", "spec");
        assertThat(stored.get("spec").toString()).isEqualTo("{cidr=10.50.0.0/16, vxlanMode=Never, ipipMode=Never, blockSize=28, nodeSelector=all(), allowedUses=[Workload, Tunnel], assignmentMode=Automatic}");
        Launch.Out overlap = calicoctl("apply", "-f", LauncherIT.ROOT.resolve("examples/pools.yaml").toString());
        assertThat(overlap.rc()).isZero(); // 172.16/26 and 192.169/24 do not overlap 192.168/16
    }

    @Test
    void etcdDownIsAOneLineError() throws Exception {
        Launch.Out r = run(List.of(LauncherIT.ROOT.resolve("calicoctl").toString(), "get", "ippools"),
                Map.of("DATASTORE_TYPE", "etcdv3", "ETCD_ENDPOINTS", "http://127.0.0.1:9,http://127.0.0.1:10", "HOME", home.toString()));
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("failed to get resources: cannot reach etcd at http://127.0.0.1:9,http://127.0.0.1:10: connection refused\n");
    }
}
