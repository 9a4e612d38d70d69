package dev.calicoctl.testsupport.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calicoctl.testsupport.kube.KubeHttp.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's switches: tokens (401, 403), CRD modes, plain HTTP, the state dir and bad arguments. */
class KubeApiServerModesTest {
  @TempDir
  Path tmp;

  private static List<String> groups(KubeHttp http) {
    List<String> out = new ArrayList<>();
    http.get("/apis").body().path("groups").forEach(g -> out.add(g.path("name").asText()));
    return out;
  }

  @Test
  void tokensAreCheckedAsBearerTokensAndTheStateDirHoldsTheKubeconfig() throws Exception {
    Path state = tmp.resolve("state");
    try (KubeApiServerProcess server = KubeApiServerProcess.start("--token", "good", "--forbidden-token", "bad",
        "--state-dir", state.toString())) {
      Reply anonymous = new KubeHttp(server, null).get("/api/v1/namespaces");
      assertThat(anonymous.code()).isEqualTo(401);
      assertThat(anonymous.reason()).isEqualTo("Unauthorized");
      assertThat(anonymous.body().path("kind").asText()).isEqualTo("Status");
      assertThat(new KubeHttp(server, "wrong").get("/api").code()).isEqualTo(401);
      Reply forbidden = new KubeHttp(server, "bad").get("/apis/crd.projectcalico.org/v1/ippools");
      assertThat(forbidden.code()).isEqualTo(403);
      assertThat(forbidden.reason()).isEqualTo("Forbidden");
      assertThat(new KubeHttp(server, "bad").get("/api").code()).as("403 on everything").isEqualTo(403);
      assertThat(new KubeHttp(server, "good").get("/api/v1/namespaces").code()).isEqualTo(200);

      assertThat(server.kubeconfig()).isEqualTo(state.resolve("kubeconfig"));
      JsonNode cfg = KubeHttp.MAPPER.readTree(Files.readString(server.kubeconfig()));
      assertThat(cfg.path("current-context").asText()).isEqualTo("test");
      assertThat(cfg.path("contexts").get(0).path("name").asText()).isEqualTo("test");
      JsonNode cluster = cfg.path("clusters").get(0).path("cluster");
      assertThat(cluster.path("server").asText()).isEqualTo(server.url()).startsWith("https://127.0.0.1:");
      String ca = new String(Base64.getDecoder().decode(cluster.path("certificate-authority-data").asText()),
          StandardCharsets.US_ASCII);
      assertThat(ca).startsWith("-----BEGIN CERTIFICATE-----").isEqualTo(Files.readString(server.caCertificate()));
      assertThat(cfg.path("users").get(0).path("user").path("token").asText()).isEqualTo("good");

      Path home = Files.createDirectories(tmp.resolve("home"));
      assertThat(new Kubectl(server.kubeconfig(), home).ok("get", "ns", "default", "-o", "name"))
          .isEqualTo("namespace/default\n");
      Path wrong = tmp.resolve("wrong-kubeconfig");
      Files.writeString(wrong, Files.readString(server.kubeconfig()).replace("\"token\":\"good\"", "\"token\":\"nope\""));
      Kubectl.Result unauthorized = new Kubectl(wrong, home).run("get", "ns");
      assertThat(unauthorized.exit()).isNotZero();
      assertThat(unauthorized.err()).contains("Unauthorized");
    }
  }

  @Test
  void plainHttpAndNoCrds() throws Exception {
    try (KubeApiServerProcess server = KubeApiServerProcess.start("--http", "--crd-mode", "none")) {
      assertThat(server.url()).startsWith("http://127.0.0.1:");
      KubeHttp http = new KubeHttp(server, null);
      assertThat(http.get("/version").code()).isEqualTo(200);
      JsonNode cfg = KubeHttp.MAPPER.readTree(Files.readString(server.kubeconfig()));
      assertThat(cfg.path("clusters").get(0).path("cluster").has("certificate-authority-data")).isFalse();

      assertThat(groups(http)).doesNotContain("crd.projectcalico.org", "projectcalico.org");
      Reply r = http.get("/apis/crd.projectcalico.org/v1/ippools");
      assertThat(r.code()).isEqualTo(404);
      assertThat(r.message()).isEqualTo("the server could not find the requested resource");
      assertThat(http.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions").body().path("items")).isEmpty();

      // a CRD created by a client is served at once, and its objects go with it
      JsonNode crd;
      try (var in = getClass().getClassLoader().getResourceAsStream("crds/v1/crd.projectcalico.org_ippools.yaml")) {
        crd = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(in);
      }
      Reply createdCrd = http.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
      assertThat(createdCrd.code()).isEqualTo(201);
      assertThat(createdCrd.body().path("status").path("conditions").toString()).contains("Established");
      assertThat(groups(http)).contains("crd.projectcalico.org");
      assertThat(http.post("/apis/crd.projectcalico.org/v1/ippools", KubeHttp.ipPool("p", "10.3.0.0/16")).code())
          .isEqualTo(201);
      assertThat(http.delete("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ippools.crd.projectcalico.org")
          .code()).isEqualTo(200);
      assertThat(http.get("/apis/crd.projectcalico.org/v1/ippools/p").code()).isEqualTo(404);
      assertThat(groups(http)).doesNotContain("crd.projectcalico.org");
    }
  }

  @Test
  void v3ModeServesProjectcalicoOrgV3AndNotTheV1Group() {
    try (KubeApiServerProcess server = KubeApiServerProcess.start("--crd-mode", "v3")) {
      KubeHttp http = new KubeHttp(server, null);
      assertThat(groups(http)).contains("projectcalico.org").doesNotContain("crd.projectcalico.org");
      JsonNode resources = http.get("/apis/projectcalico.org/v3").body().path("resources");
      List<String> names = new ArrayList<>();
      resources.forEach(r -> names.add(r.path("name").asText()));
      assertThat(names).contains("ipamconfigurations", "ipamblocks", "blockaffinities", "ipamhandles", "ippools")
          .doesNotContain("ipamconfigs");

      ObjectNode pool = KubeHttp.object("projectcalico.org/v3", "IPPool", "p1");
      pool.putObject("spec").put("cidr", "10.2.0.0/16");
      Reply created = http.post("/apis/projectcalico.org/v3/ippools", pool);
      assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
      assertThat(created.body().path("spec").path("nodeSelector").asText()).as("CRD default").isEqualTo("all()");
      assertThat(created.body().path("spec").path("assignmentMode").asText()).isEqualTo("Automatic");

      ObjectNode affinity = KubeHttp.object("projectcalico.org/v3", "BlockAffinity", "node-1-10-2-0-0-26");
      affinity.putObject("spec").put("state", "confirmed").put("node", "node-1").put("cidr", "10.2.0.0/26");
      Reply a = http.post("/apis/projectcalico.org/v3/blockaffinities", affinity);
      assertThat(a.code()).as(a.body().toString()).isEqualTo(201);
      assertThat(a.body().path("spec").path("deleted").isBoolean()).isTrue();
      assertThat(a.body().path("spec").path("deleted").asBoolean()).isFalse();
    }
  }

  @Test
  void badArgumentsFailTheStartWithTheServersMessage() {
    assertThatThrownBy(() -> KubeApiServerProcess.start("--crd-mode", "v2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--crd-mode: expected v1, v3 or none, got v2");
    assertThatThrownBy(() -> KubeApiServerProcess.start("--bogus"))
        .hasMessageContaining("unknown argument: --bogus");
  }
}
