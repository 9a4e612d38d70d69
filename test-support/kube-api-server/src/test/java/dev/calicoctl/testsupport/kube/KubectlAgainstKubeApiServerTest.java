package dev.calicoctl.testsupport.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calicoctl.testsupport.kube.KubeHttp.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl (1.32, installed on the machine) as a second, real client of the test server: what
 * kubectl writes, a plain HTTP client reads back, and what a client stores, kubectl shows.
 */
class KubectlAgainstKubeApiServerTest {
  private static KubeApiServerProcess server;
  private static KubeHttp http;
  private static Kubectl kubectl;
  @TempDir
  static Path home;

  @BeforeAll
  static void start() {
    server = KubeApiServerProcess.start("--token", "kubectl-test-token");
    http = new KubeHttp(server, "kubectl-test-token");
    kubectl = new Kubectl(server.kubeconfig(), home);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void createNamespaceAnnotateAndLabelAsTheSeedArticleDoes() {
    assertThat(kubectl.ok("create", "namespace", "external-ns")).contains("namespace/external-ns created");
    kubectl.ok("annotate", "namespace", "external-ns", "cni.projectcalico.org/ipv4pools=[\"external-pool\"]");
    kubectl.ok("label", "namespace", "external-ns", "env=external");
    JsonNode ns = http.get("/api/v1/namespaces/external-ns").body();
    assertThat(ns.path("metadata").path("annotations").path("cni.projectcalico.org/ipv4pools").asText())
        .isEqualTo("[\"external-pool\"]");
    assertThat(ns.path("metadata").path("labels").path("env").asText()).isEqualTo("external");

    kubectl.ok("label", "namespace", "external-ns", "env=other", "--overwrite");
    kubectl.ok("annotate", "namespace", "external-ns", "cni.projectcalico.org/ipv4pools-");
    JsonNode after = http.get("/api/v1/namespaces/external-ns").body();
    assertThat(after.path("metadata").path("labels").path("env").asText()).isEqualTo("other");
    assertThat(after.path("metadata").path("annotations").has("cni.projectcalico.org/ipv4pools")).isFalse();
    assertThat(kubectl.ok("get", "namespaces", "-l", "env in (other)", "-o", "name")).isEqualTo("namespace/external-ns\n");

    Kubectl.Result dup = kubectl.run("create", "namespace", "external-ns");
    assertThat(dup.exit()).isNotZero();
    assertThat(dup.err()).contains("AlreadyExists").contains("namespaces \"external-ns\" already exists");
  }

  @Test
  void createPodFromAFileAndReadItBothWays() throws IOException {
    kubectl.ok("create", "namespace", "internal-ns");
    Path pod = home.resolve("pod.yaml");
    Files.writeString(pod, String.join("\n",
        "apiVersion: v1",
        "kind: Pod",
        "metadata:",
        "  name: nginx-1",
        "  namespace: internal-ns",
        "  annotations:",
        "    cni.projectcalico.org/ipv4pools: '[\"internal-pool\"]'",
        "spec:",
        "  nodeName: node-0",
        "  containers:",
        "  - name: nginx",
        "    image: nginx",
        ""));
    assertThat(kubectl.ok("create", "-f", pod.toString())).contains("pod/nginx-1 created");
    JsonNode stored = http.get("/api/v1/namespaces/internal-ns/pods/nginx-1").body();
    assertThat(stored.path("spec").path("nodeName").asText()).isEqualTo("node-0");
    assertThat(stored.path("metadata").path("annotations").path("cni.projectcalico.org/ipv4pools").asText())
        .isEqualTo("[\"internal-pool\"]");
    JsonNode viaKubectl = KubeHttp.MAPPER.readTree(kubectl.ok("get", "pod", "nginx-1", "-n", "internal-ns", "-o", "json"));
    assertThat(viaKubectl.path("metadata").path("uid").asText()).isEqualTo(stored.path("metadata").path("uid").asText());
    String table = kubectl.ok("get", "pods", "-n", "internal-ns");
    assertThat(table.lines().findFirst().orElse("")).matches("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE");
    assertThat(table).containsPattern("nginx-1\\s+0/1\\s+Pending\\s+0\\s+\\d+s");
    assertThat(kubectl.ok("delete", "pod", "nginx-1", "-n", "internal-ns")).contains("pod \"nginx-1\" deleted");
    assertThat(http.get("/api/v1/namespaces/internal-ns/pods/nginx-1").code()).isEqualTo(404);
  }

  @Test
  void kubectlSeesTheIpamBlocksAClientStored() throws IOException {
    ObjectNode block = KubeHttp.object("crd.projectcalico.org/v1", "IPAMBlock", "10-244-84-128-26");
    ((ObjectNode) block.path("metadata")).putObject("annotations").put("projectcalico.org/metadata", "{\"creationTimestamp\":null}");
    ObjectNode spec = block.putObject("spec");
    spec.put("cidr", "10.244.84.128/26");
    spec.put("affinity", "host:node-1");
    ArrayNode allocations = spec.putArray("allocations");
    ArrayNode unallocated = spec.putArray("unallocated");
    allocations.add(0);
    for (int i = 1; i < 64; i++) {
      allocations.addNull();
      unallocated.add(i);
    }
    ObjectNode attr = spec.putArray("attributes").addObject();
    attr.put("handle_id", "k8s-pod-network.4f1c2e");
    attr.putObject("secondary").put("namespace", "default").put("node", "node-1").put("pod", "web-0");
    spec.put("strictAffinity", false);
    spec.put("deleted", false);
    spec.put("sequenceNumber", 1772359200000000001L);
    Reply created = http.post("/apis/crd.projectcalico.org/v1/ipamblocks", block);
    assertThat(created.code()).as(created.body().toString()).isEqualTo(201);

    JsonNode list = KubeHttp.MAPPER.readTree(kubectl.ok("get", "ipamblocks.crd.projectcalico.org", "-o", "json"));
    assertThat(list.path("items")).hasSize(1);
    JsonNode seen = list.path("items").get(0);
    assertThat(seen.path("kind").asText()).isEqualTo("IPAMBlock");
    assertThat(seen.path("spec")).isEqualTo(created.body().path("spec"));
    assertThat(seen.path("spec").path("allocations")).hasSize(64);
    assertThat(seen.path("spec").path("sequenceNumber").asLong()).isEqualTo(1772359200000000001L);
    assertThat(seen.path("metadata").path("annotations").path("projectcalico.org/metadata").asText())
        .isEqualTo("{\"creationTimestamp\":null}");
  }

  @Test
  void kubectlListsIpPoolsAsATable() {
    for (String name : List.of("external-pool", "internal-pool")) {
      assertThat(http.post("/apis/crd.projectcalico.org/v1/ippools", KubeHttp.ipPool(name, "10.9.0.0/16")).code())
          .isEqualTo(201);
    }
    List<String> lines = kubectl.ok("get", "ippools.crd.projectcalico.org").lines().toList();
    assertThat(lines.get(0)).matches("NAME\\s+AGE");
    assertThat(lines.subList(1, lines.size())).hasSize(2)
        .anySatisfy(l -> assertThat(l).matches("external-pool\\s+\\d+s"))
        .anySatisfy(l -> assertThat(l).matches("internal-pool\\s+\\d+s"));
    assertThat(kubectl.ok("get", "ippools.crd.projectcalico.org", "internal-pool", "-o", "jsonpath={.spec.cidr}"))
        .isEqualTo("10.9.0.0/16");
    Kubectl.Result missing = kubectl.run("get", "ippools.crd.projectcalico.org", "no-such-pool");
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("ippools.crd.projectcalico.org \"no-such-pool\" not found");
  }

  @Test
  void kubectlDiscoversCalicoResourcesAndShortNames() {
    String resources = kubectl.ok("api-resources", "--api-group=crd.projectcalico.org", "-o", "name");
    assertThat(resources.lines().toList()).contains("ipamblocks.crd.projectcalico.org",
        "blockaffinities.crd.projectcalico.org", "ipamhandles.crd.projectcalico.org", "ippools.crd.projectcalico.org",
        "networkpolicies.crd.projectcalico.org");
    assertThat(kubectl.ok("get", "ns", "default", "-o", "name")).isEqualTo("namespace/default\n");
    assertThat(kubectl.ok("get", "crd", "ippools.crd.projectcalico.org", "-o", "name"))
        .isEqualTo("customresourcedefinition.apiextensions.k8s.io/ippools.crd.projectcalico.org\n");
  }
}
