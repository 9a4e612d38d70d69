package dev.calicoctl.testsupport.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fabric8's client on its JDK HTTP client, configured from the server's kubeconfig, as the
 * kubernetes datastore backend uses it: typed errors, paging, preconditions, concurrent CAS.
 */
class KubeFabric8ClientTest {
  private static final ResourceDefinitionContext POOLS = new ResourceDefinitionContext.Builder()
      .withGroup("crd.projectcalico.org").withVersion("v1").withKind("IPPool").withPlural("ippools")
      .withNamespaced(false).build();
  private static KubeApiServerProcess server;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    server = KubeApiServerProcess.start("--token", "fabric8");
    Config config = Config.fromKubeconfig(null, Files.readString(server.kubeconfig()), server.kubeconfig().toString());
    // on a loaded machine a slow answer must not be retried (a retried create reads AlreadyExists)
    config.setRequestTimeout(120_000);
    config.setRequestRetryBackoffLimit(0);
    client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static GenericKubernetesResource pool(String name, String cidr) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("crd.projectcalico.org/v1");
    r.setKind("IPPool");
    r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
    r.setAdditionalProperty("spec", Map.of("cidr", cidr));
    return r;
  }

  @Test
  void typedErrorsCarryKubernetesCodesAndReasons() {
    GenericKubernetesResource created = client.genericKubernetesResources(POOLS).resource(pool("f8-a", "10.30.0.0/24")).create();
    assertThat(created.getMetadata().getResourceVersion()).isNotEmpty();
    assertThatThrownBy(() -> client.genericKubernetesResources(POOLS).resource(pool("f8-a", "10.30.0.0/24")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
        });
    GenericKubernetesResource stale = pool("f8-a", "10.30.0.0/25");
    stale.getMetadata().setResourceVersion("1");
    assertThatThrownBy(() -> client.genericKubernetesResources(POOLS).resource(stale).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(client.genericKubernetesResources(POOLS).withName("f8-missing").get()).isNull();

    List<StatusDetails> deleted = client.genericKubernetesResources(POOLS).withName("f8-a")
        .lockResourceVersion(created.getMetadata().getResourceVersion()).delete();
    assertThat(deleted).hasSize(1);
    assertThat(client.genericKubernetesResources(POOLS).withName("f8-a").get()).isNull();
  }

  @Test
  void pagedListWithLimitAndContinue() {
    for (int i = 0; i < 5; i++) {
      client.genericKubernetesResources(POOLS).resource(pool("f8-page-" + i, "10.31." + i + ".0/24")).create();
    }
    List<String> names = new ArrayList<>();
    String cont = null;
    int pages = 0;
    do {
      GenericKubernetesResourceList page = client.genericKubernetesResources(POOLS)
          .list(new ListOptionsBuilder().withLimit(2L).withContinue(cont).build());
      page.getItems().forEach(i -> names.add(i.getMetadata().getName()));
      cont = page.getMetadata().getContinue();
      pages++;
    } while (cont != null && !cont.isEmpty());
    assertThat(names.stream().filter(n -> n.startsWith("f8-page-"))).containsExactly(
        "f8-page-0", "f8-page-1", "f8-page-2", "f8-page-3", "f8-page-4");
    assertThat(pages).isGreaterThanOrEqualTo(3);
  }

  private static final ResourceDefinitionContext HANDLES = new ResourceDefinitionContext.Builder()
      .withGroup("crd.projectcalico.org").withVersion("v1").withKind("IPAMHandle").withPlural("ipamhandles")
      .withNamespaced(false).build();

  @Test
  void concurrentCompareAndSwapLosesNoUpdate() throws Exception {
    GenericKubernetesResource handle = new GenericKubernetesResource();
    handle.setApiVersion("crd.projectcalico.org/v1");
    handle.setKind("IPAMHandle");
    handle.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("f8-counter").build());
    handle.setAdditionalProperty("spec", Map.of("handleID", "f8-counter", "block", Map.of("10.32.0.0/26", 0)));
    client.genericKubernetesResources(HANDLES).resource(handle).create();
    int writers = 4;
    int perWriter = 15;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<Integer>> conflicts = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      conflicts.add(pool.submit(() -> {
        int seen = 0;
        for (int done = 0; done < perWriter;) {
          GenericKubernetesResource cur = client.genericKubernetesResources(HANDLES).withName("f8-counter").get();
          @SuppressWarnings("unchecked")
          Map<String, Object> spec = (Map<String, Object>) cur.getAdditionalProperties().get("spec");
          @SuppressWarnings("unchecked")
          Map<String, Object> block = (Map<String, Object>) spec.get("block");
          block.put("10.32.0.0/26", ((Number) block.get("10.32.0.0/26")).intValue() + 1);
          try {
            client.genericKubernetesResources(HANDLES).resource(cur).update();
            done++;
          } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
              throw e;
            }
            seen++;
          }
        }
        return seen;
      }));
    }
    for (Future<Integer> f : conflicts) {
      f.get();
    }
    pool.shutdown();
    GenericKubernetesResource end = client.genericKubernetesResources(HANDLES).withName("f8-counter").get();
    @SuppressWarnings("unchecked")
    Map<String, Object> block = (Map<String, Object>) ((Map<String, Object>) end.getAdditionalProperties().get("spec"))
        .get("block");
    assertThat(((Number) block.get("10.32.0.0/26")).intValue()).isEqualTo(writers * perWriter);
  }

  @Test
  void coreTypesThroughTheTypedClient() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("f8-ns")
        .addToAnnotations("cni.projectcalico.org/ipv4pools", "[\"p\"]").endMetadata().build()).create();
    assertThat(client.namespaces().withName("f8-ns").get().getMetadata().getAnnotations())
        .containsEntry("cni.projectcalico.org/ipv4pools", "[\"p\"]");
    assertThat(client.namespaces().withLabelSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
        .addNewMatchExpression().withKey("x").withOperator("DoesNotExist").endMatchExpression().build())
        .list().getItems()).extracting(n -> n.getMetadata().getName()).contains("f8-ns", "default");
  }
}
