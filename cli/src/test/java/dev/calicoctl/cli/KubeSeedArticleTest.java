package dev.calicoctl.cli;

import dev.calicoctl.datastore.kube.KubeTestServer;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed article, end to end on Kubernetes: the two pools applied with calicoctl, the two
 * namespaces annotated with kubectl exactly as the article does
 * (`kubectl annotate namespace external-ns 'cni.projectcalico.org/ipv4pools=["external-pool"]'`),
 * three pods in each, and each pod's address taken from its namespace's pool because of that
 * annotation alone; kubectl then reads back the blocks calicoctl wrote.
 */
class KubeSeedArticleTest {
    static KubeTestServer server;
    @TempDir Path tmp;

    @BeforeAll static void start() { server = KubeTestServer.start(); }

    @AfterAll static void stop() { if (server != null) server.close(); }

    CliRunner cli() {
        CliRunner c = new CliRunner(tmp);
        c.env.putAll(server.env());
        return c;
    }

    @Test
    void namespaceAnnotationsPutEachPodInItsNamespacesPool() throws Exception {
        CliRunner cli = cli();
        CliRunner.Result applied = cli.run("apply", "-f", LauncherIT.ROOT.resolve("examples/pools.yaml").toString());
        assertThat(applied.rc()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("Successfully applied 2 'IPPool' resource(s)");

        server.kubectl("create", "namespace", "external-ns");
        server.kubectl("create", "namespace", "internal-ns");
        server.kubectl("annotate", "namespace", "external-ns", "cni.projectcalico.org/ipv4pools=[\"external-pool\"]");
        server.kubectl("annotate", "namespace", "internal-ns", "cni.projectcalico.org/ipv4pools=[\"internal-pool\"]");
        StringBuilder pods = new StringBuilder();
        for (String ns : List.of("external-ns", "internal-ns")) {
            for (int i = 1; i <= 3; i++) {
                pods.append("apiVersion: v1\nkind: Pod\nmetadata: {name: nginx-").append(i).append(", namespace: ").append(ns)
                        .append("}\nspec:\n  nodeName: casey-crc-kadm-node-0\n  containers: [{name: nginx, image: nginx}]\n---\n");
            }
        }
        Path manifest = tmp.resolve("pods.yaml");
        Files.writeString(manifest, pods.toString());
        server.kubectl("apply", "-f", manifest.toString());

        Map<String, String> cidrOf = Map.of("external-ns", "172.16.0.0/26", "internal-ns", "192.169.0.0/24");
        for (String ns : List.of("external-ns", "internal-ns")) {
            for (int i = 1; i <= 3; i++) {
                CliRunner.Result r = cli.run("ipam", "assign", "--node", "casey-crc-kadm-node-0", "--namespace", ns, "--pod", "nginx-" + i);
                assertThat(r.rc()).as(r.err()).isZero();
                IpAddress ip = IpAddress.parse(r.out().trim());
                assertThat(Cidr.parse(cidrOf.get(ns)).contains(ip)).as(ns + "/nginx-" + i + " got " + ip).isTrue();
                // the CNI plugin's record of it, on the pod, as a Kubernetes client sees it
                Map<String, Object> pod = Json.parseObject(server.kubectl("get", "pod", "nginx-" + i, "-n", ns, "-o", "json"));
                assertThat(String.valueOf(((Map<?, ?>) ((Map<?, ?>) pod.get("metadata")).get("annotations")).get("cni.projectcalico.org/podIP"))).isEqualTo(ip.toString());
            }
        }

        // kubectl, a second client, reads the IPAM blocks calicoctl wrote
        Map<String, Object> blocks = Json.parseObject(server.kubectl("get", "ipamblocks.crd.projectcalico.org", "-o", "json"));
        List<?> items = (List<?>) blocks.get("items");
        assertThat(items).hasSize(2);
        String text = Json.write(blocks);
        assertThat(text).contains("\"cidr\":\"172.16.0.").contains("\"cidr\":\"192.169.0.").contains("\"affinity\":\"host:casey-crc-kadm-node-0\"")
                .contains("\"namespace\":\"external-ns\"").contains("\"pod\":\"nginx-3\"");
        assertThat(server.kubectl("get", "blockaffinities.crd.projectcalico.org")).contains("casey-crc-kadm-node-0-172-16-0-");

        CliRunner.Result show = cli.run("ipam", "show", "--show-blocks");
        assertThat(show.rc()).as(show.err()).isZero();
        assertThat(show.out()).containsPattern("\\| Block +\\| 172\\.16\\.0\\.\\d+/29 +\\| +8 \\| +3 \\(38%\\)");
        CliRunner.Result check = cli.run("ipam", "check");
        assertThat(check.rc()).as(check.err()).isZero();
        assertThat(check.out()).contains("Check complete; found 0 problems.");
    }
}
