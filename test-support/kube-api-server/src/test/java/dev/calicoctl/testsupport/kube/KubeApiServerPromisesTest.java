package dev.calicoctl.testsupport.kube;

import static dev.calicoctl.testsupport.kube.KubeHttp.ipPool;
import static dev.calicoctl.testsupport.kube.KubeHttp.object;
import static dev.calicoctl.testsupport.kube.KubeHttp.rv;
import static dev.calicoctl.testsupport.kube.KubeHttp.uid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calicoctl.testsupport.kube.KubeHttp.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One test per kube-apiserver promise the test server keeps (issue 11 item 7), each against the
 * server process over HTTPS with java.net.http. Fabric8's CRUD mode alone breaks each of the
 * promises marked "(CRUD mode: ...)".
 */
class KubeApiServerPromisesTest {
  private static final String POOLS = "/apis/crd.projectcalico.org/v1/ippools";
  private static KubeApiServerProcess server;
  private static KubeHttp http;

  @BeforeAll
  static void start() {
    server = KubeApiServerProcess.start();
    http = new KubeHttp(server, null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonNode createPool(String name, String cidr) {
    Reply r = http.post(POOLS, ipPool(name, cidr));
    assertThat(r.code()).as(r.body().toString()).isEqualTo(201);
    return r.body();
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("items").forEach(i -> out.add(i.path("metadata").path("name").asText()));
    return out;
  }

  // (CRUD mode: deletes whatever the preconditions say)
  @Test
  void deleteWithStaleUidPreconditionIsConflictAndKeepsTheObject() {
    String name = unique("del-uid");
    createPool(name, "10.10.0.0/24");
    ObjectNode options = KubeHttp.MAPPER.createObjectNode();
    options.putObject("preconditions").put("uid", UUID.randomUUID().toString());
    Reply r = http.delete(POOLS + "/" + name, options);
    assertThat(r.code()).isEqualTo(409);
    assertThat(r.reason()).isEqualTo("Conflict");
    assertThat(r.message()).contains("Precondition failed: UID in precondition");
    assertThat(http.get(POOLS + "/" + name).code()).isEqualTo(200);
  }

  @Test
  void deleteWithStaleResourceVersionPreconditionIsConflict() {
    String name = unique("del-rv");
    JsonNode created = createPool(name, "10.11.0.0/24");
    ObjectNode update = created.deepCopy();
    ((ObjectNode) update.path("spec")).put("natOutgoing", true);
    assertThat(http.put(POOLS + "/" + name, update).code()).isEqualTo(200);
    ObjectNode options = KubeHttp.MAPPER.createObjectNode();
    options.putObject("preconditions").put("resourceVersion", rv(created));
    Reply r = http.delete(POOLS + "/" + name, options);
    assertThat(r.code()).isEqualTo(409);
    assertThat(r.message()).contains("Precondition failed: ResourceVersion in precondition: " + rv(created));
    assertThat(http.get(POOLS + "/" + name).code()).isEqualTo(200);
  }

  @Test
  void deleteWithMatchingPreconditionsDeletesAndReturnsTheObject() {
    String name = unique("del-ok");
    JsonNode created = createPool(name, "10.12.0.0/24");
    ObjectNode options = KubeHttp.MAPPER.createObjectNode();
    options.putObject("preconditions").put("uid", uid(created)).put("resourceVersion", rv(created));
    Reply r = http.delete(POOLS + "/" + name, options);
    assertThat(r.code()).isEqualTo(200);
    assertThat(uid(r.body())).isEqualTo(uid(created));
    Reply gone = http.get(POOLS + "/" + name);
    assertThat(gone.code()).isEqualTo(404);
    assertThat(gone.reason()).isEqualTo("NotFound");
    assertThat(gone.message()).isEqualTo("ippools.crd.projectcalico.org \"" + name + "\" not found");
  }

  // (CRUD mode: accepts it)
  @Test
  void putWithoutResourceVersionOnACustomResourceIs422() {
    String name = unique("put-norv");
    createPool(name, "10.13.0.0/24");
    Reply r = http.put(POOLS + "/" + name, ipPool(name, "10.13.0.0/25"));
    assertThat(r.code()).isEqualTo(422);
    assertThat(r.reason()).isEqualTo("Invalid");
    assertThat(r.message()).isEqualTo("IPPool.crd.projectcalico.org \"" + name
        + "\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
    JsonNode cause = r.body().path("details").path("causes").get(0);
    assertThat(cause.path("field").asText()).isEqualTo("metadata.resourceVersion");
    assertThat(cause.path("reason").asText()).isEqualTo("FieldValueInvalid");
    assertThat(http.get(POOLS + "/" + name).body().path("spec").path("cidr").asText()).isEqualTo("10.13.0.0/24");
  }

  @Test
  void putWithoutResourceVersionOnABuiltInTypeIsAnUnconditionalUpdate() {
    String name = unique("ns-put");
    assertThat(http.post("/api/v1/namespaces", object("v1", "Namespace", name)).code()).isEqualTo(201);
    ObjectNode ns = object("v1", "Namespace", name);
    ((ObjectNode) ns.path("metadata")).putObject("labels").put("team", "a");
    Reply r = http.put("/api/v1/namespaces/" + name, ns);
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.body().path("metadata").path("labels").path("team").asText()).isEqualTo("a");
  }

  @Test
  void putWithStaleResourceVersionIsConflict() {
    String name = unique("put-stale");
    JsonNode created = createPool(name, "10.14.0.0/24");
    ObjectNode first = created.deepCopy();
    ((ObjectNode) first.path("spec")).put("natOutgoing", true);
    assertThat(http.put(POOLS + "/" + name, first).code()).isEqualTo(200);
    ObjectNode second = created.deepCopy();
    ((ObjectNode) second.path("spec")).put("disabled", true);
    Reply r = http.put(POOLS + "/" + name, second);
    assertThat(r.code()).isEqualTo(409);
    assertThat(r.reason()).isEqualTo("Conflict");
    assertThat(r.message()).isEqualTo("Operation cannot be fulfilled on ippools.crd.projectcalico.org \"" + name
        + "\": the object has been modified; please apply your changes to the latest version and try again");
  }

  // (CRUD mode: 409 with reason Invalid and no details)
  @Test
  void duplicateCreateIsAlreadyExistsWithAStatusObject() {
    String name = unique("dup");
    createPool(name, "10.15.0.0/24");
    Reply r = http.post(POOLS, ipPool(name, "10.15.0.0/24"));
    assertThat(r.code()).isEqualTo(409);
    assertThat(r.body().path("kind").asText()).isEqualTo("Status");
    assertThat(r.body().path("apiVersion").asText()).isEqualTo("v1");
    assertThat(r.body().path("status").asText()).isEqualTo("Failure");
    assertThat(r.reason()).isEqualTo("AlreadyExists");
    assertThat(r.message()).isEqualTo("ippools.crd.projectcalico.org \"" + name + "\" already exists");
    JsonNode d = r.body().path("details");
    assertThat(d.path("name").asText()).isEqualTo(name);
    assertThat(d.path("group").asText()).isEqualTo("crd.projectcalico.org");
    assertThat(d.path("kind").asText()).isEqualTo("ippools");
    assertThat(r.body().path("code").asInt()).isEqualTo(409);
  }

  // (CRUD mode: ignores in/notin, so a DELETE with "env in (dev)" deleted everything)
  @Test
  void labelSelectorsInNotinExistsAndNotExists() {
    String tag = unique("sel");
    String[][] pools = {{"a", "dev"}, {"b", "prod"}, {"c", "test"}, {"d", null}};
    for (String[] p : pools) {
      ObjectNode pool = ipPool(tag + "-" + p[0], "10.16.0.0/24");
      ObjectNode labels = ((ObjectNode) pool.path("metadata")).putObject("labels");
      labels.put("set", tag);
      if (p[1] != null) {
        labels.put("env", p[1]);
      }
      assertThat(http.post(POOLS, pool).code()).isEqualTo(201);
    }
    assertThat(names(http.get(POOLS + "?labelSelector=" + q("set=" + tag + ",env in (dev,test)")).body()))
        .containsExactly(tag + "-a", tag + "-c");
    assertThat(names(http.get(POOLS + "?labelSelector=" + q("set=" + tag + ",env notin (dev)")).body()))
        .containsExactly(tag + "-b", tag + "-c", tag + "-d");
    assertThat(names(http.get(POOLS + "?labelSelector=" + q("set=" + tag + ",env")).body()))
        .containsExactly(tag + "-a", tag + "-b", tag + "-c");
    assertThat(names(http.get(POOLS + "?labelSelector=" + q("set=" + tag + ",!env")).body()))
        .containsExactly(tag + "-d");
    assertThat(names(http.get(POOLS + "?labelSelector=" + q("set==" + tag + ",env!=prod")).body()))
        .containsExactly(tag + "-a", tag + "-c", tag + "-d");
    assertThat(names(http.get(POOLS + "?fieldSelector=" + q("metadata.name=" + tag + "-b")).body()))
        .containsExactly(tag + "-b");
    assertThat(http.get(POOLS + "?fieldSelector=" + q("spec.cidr=10.16.0.0/24")).code())
        .as("custom resources select on metadata fields only").isEqualTo(400);
    Reply bad = http.get(POOLS + "?labelSelector=" + q("env in dev"));
    assertThat(bad.code()).isEqualTo(400);
    assertThat(bad.reason()).isEqualTo("BadRequest");
  }

  @Test
  void deleteCollectionDeletesOnlyWhatTheSelectorMatches() {
    String tag = unique("delcol");
    for (String env : new String[] {"dev", "prod"}) {
      ObjectNode pool = ipPool(tag + "-" + env, "10.17.0.0/24");
      ((ObjectNode) pool.path("metadata")).putObject("labels").put("set", tag).put("env", env);
      assertThat(http.post(POOLS, pool).code()).isEqualTo(201);
    }
    Reply r = http.delete(POOLS + "?labelSelector=" + q("set=" + tag + ",env in (dev)"));
    assertThat(r.code()).isEqualTo(200);
    assertThat(names(r.body())).containsExactly(tag + "-dev");
    assertThat(names(http.get(POOLS + "?labelSelector=" + q("set=" + tag)).body())).containsExactly(tag + "-prod");
  }

  // (CRUD mode: ignores limit and continue)
  @Test
  void pagingServesEveryPageFromTheFirstPagesSnapshot() {
    String tag = unique("page");
    for (int i = 0; i < 5; i++) {
      ObjectNode pool = ipPool(tag + "-" + i, "10.18." + i + ".0/24");
      ((ObjectNode) pool.path("metadata")).putObject("labels").put("set", tag);
      assertThat(http.post(POOLS, pool).code()).isEqualTo(201);
    }
    String sel = "labelSelector=" + q("set=" + tag);
    Reply first = http.get(POOLS + "?limit=2&" + sel);
    assertThat(names(first.body())).containsExactly(tag + "-0", tag + "-1");
    String listRv = rv(first.body());
    String token = first.body().path("metadata").path("continue").asText();
    assertThat(token).isNotEmpty();
    // changes after the first page must not show on later pages
    assertThat(http.delete(POOLS + "/" + tag + "-3").code()).isEqualTo(200);
    ObjectNode late = ipPool(tag + "-9", "10.18.9.0/24");
    ((ObjectNode) late.path("metadata")).putObject("labels").put("set", tag);
    assertThat(http.post(POOLS, late).code()).isEqualTo(201);

    Reply second = http.get(POOLS + "?limit=2&" + sel + "&continue=" + q(token));
    assertThat(names(second.body())).containsExactly(tag + "-2", tag + "-3");
    assertThat(rv(second.body())).isEqualTo(listRv);
    Reply third = http.get(POOLS + "?limit=2&" + sel + "&continue="
        + q(second.body().path("metadata").path("continue").asText()));
    assertThat(names(third.body())).containsExactly(tag + "-4");
    assertThat(rv(third.body())).isEqualTo(listRv);
    assertThat(third.body().path("metadata").has("continue")).isFalse();

    assertThat(names(http.get(POOLS + "?" + sel).body()))
        .containsExactly(tag + "-0", tag + "-1", tag + "-2", tag + "-4", tag + "-9");
    assertThat(http.get(POOLS + "?limit=2&continue=not-a-token").code()).isEqualTo(400);
  }

  @Test
  void listWithoutSelectorReportsRemainingItemCount() {
    String ns = unique("paging-ns");
    assertThat(http.post("/api/v1/namespaces", object("v1", "Namespace", ns)).code()).isEqualTo(201);
    for (int i = 0; i < 3; i++) {
      assertThat(http.post("/api/v1/namespaces/" + ns + "/serviceaccounts",
          object("v1", "ServiceAccount", "sa-" + i)).code()).isEqualTo(201);
    }
    Reply page = http.get("/api/v1/namespaces/" + ns + "/serviceaccounts?limit=1");
    assertThat(names(page.body())).containsExactly("sa-0");
    assertThat(page.body().path("metadata").path("remainingItemCount").asLong()).isEqualTo(2);
  }

  @Test
  void listAtARequestedResourceVersion() {
    String now = rv(http.get(POOLS).body());
    Reply notOlder = http.get(POOLS + "?resourceVersion=" + now + "&resourceVersionMatch=NotOlderThan");
    assertThat(notOlder.code()).isEqualTo(200);
    assertThat(Long.parseLong(rv(notOlder.body()))).isGreaterThanOrEqualTo(Long.parseLong(now));
    assertThat(http.get(POOLS + "?resourceVersion=0").code()).isEqualTo(200);
    Reply future = http.get(POOLS + "?resourceVersion=" + (Long.parseLong(now) + 1000)
        + "&resourceVersionMatch=NotOlderThan");
    assertThat(future.code()).isEqualTo(504);
    assertThat(future.reason()).isEqualTo("Timeout");
    assertThat(future.message()).startsWith("Too large resource version");
  }

  // (CRUD mode: stores the null)
  @Test
  void mergePatchWithNullRemovesTheKey() {
    String name = unique("merge");
    ObjectNode pool = ipPool(name, "10.19.0.0/24");
    ((ObjectNode) pool.path("metadata")).putObject("labels").put("keep", "1").put("drop", "2");
    assertThat(http.post(POOLS, pool).code()).isEqualTo(201);
    Reply r = http.patch(POOLS + "/" + name, "application/merge-patch+json",
        "{\"metadata\":{\"labels\":{\"drop\":null,\"new\":\"3\"}},\"spec\":{\"ipipMode\":\"Always\"}}");
    assertThat(r.code()).isEqualTo(200);
    JsonNode labels = http.get(POOLS + "/" + name).body().path("metadata").path("labels");
    assertThat(labels.has("drop")).isFalse();
    assertThat(labels.path("keep").asText()).isEqualTo("1");
    assertThat(labels.path("new").asText()).isEqualTo("3");
    assertThat(r.body().path("spec").path("ipipMode").asText()).isEqualTo("Always");
  }

  // (CRUD mode: the request hangs)
  @Test
  void jsonPatchWithAFailingTestIs422AndChangesNothing() {
    String name = unique("jsonpatch");
    JsonNode created = createPool(name, "10.20.0.0/24");
    Reply r = http.patch(POOLS + "/" + name, "application/json-patch+json",
        "[{\"op\":\"test\",\"path\":\"/spec/cidr\",\"value\":\"10.99.0.0/24\"},"
            + "{\"op\":\"add\",\"path\":\"/spec/ipipMode\",\"value\":\"Always\"}]");
    assertThat(r.code()).isEqualTo(422);
    assertThat(r.reason()).isEqualTo("Invalid");
    JsonNode now = http.get(POOLS + "/" + name).body();
    assertThat(now.path("spec").has("ipipMode")).isFalse();
    assertThat(rv(now)).isEqualTo(rv(created));

    Reply ok = http.patch(POOLS + "/" + name, "application/json-patch+json",
        "[{\"op\":\"test\",\"path\":\"/spec/cidr\",\"value\":\"10.20.0.0/24\"},"
            + "{\"op\":\"add\",\"path\":\"/spec/ipipMode\",\"value\":\"Always\"}]");
    assertThat(ok.code()).isEqualTo(200);
    assertThat(ok.body().path("spec").path("ipipMode").asText()).isEqualTo("Always");
  }

  @Test
  void patchCarryingAStaleResourceVersionIsConflict() {
    String name = unique("patch-rv");
    JsonNode created = createPool(name, "10.22.0.0/24");
    assertThat(http.patch(POOLS + "/" + name, "application/merge-patch+json", "{\"spec\":{\"natOutgoing\":true}}")
        .code()).isEqualTo(200);
    Reply r = http.patch(POOLS + "/" + name, "application/merge-patch+json",
        "{\"metadata\":{\"resourceVersion\":\"" + rv(created) + "\"},\"spec\":{\"disabled\":true}}");
    assertThat(r.code()).isEqualTo(409);
    assertThat(http.patch(POOLS + "/" + name, "application/strategic-merge-patch+json", "{}").code())
        .as("custom resources refuse strategic merge patch").isEqualTo(415);
  }

  // (CRUD mode: answers /api and /apis with lists of stored objects)
  @Test
  void legacyDiscoveryIsAnsweredAsKubeApiserverAnswersIt() {
    Reply api = http.get("/api");
    assertThat(api.body().path("kind").asText()).isEqualTo("APIVersions");
    assertThat(api.body().path("versions").get(0).asText()).isEqualTo("v1");

    Reply apis = http.get("/apis");
    assertThat(apis.body().path("kind").asText()).isEqualTo("APIGroupList");
    List<String> groups = new ArrayList<>();
    apis.body().path("groups").forEach(g -> groups.add(g.path("name").asText()));
    assertThat(groups).contains("crd.projectcalico.org", "networking.k8s.io", "apiextensions.k8s.io")
        .doesNotContain("projectcalico.org");

    Reply group = http.get("/apis/crd.projectcalico.org");
    assertThat(group.body().path("kind").asText()).isEqualTo("APIGroup");
    assertThat(group.body().path("preferredVersion").path("groupVersion").asText()).isEqualTo("crd.projectcalico.org/v1");

    Reply resources = http.get("/apis/crd.projectcalico.org/v1");
    assertThat(resources.body().path("kind").asText()).isEqualTo("APIResourceList");
    JsonNode ippools = find(resources.body().path("resources"), "name", "ippools");
    assertThat(ippools.path("kind").asText()).isEqualTo("IPPool");
    assertThat(ippools.path("namespaced").asBoolean()).isFalse();
    assertThat(find(resources.body().path("resources"), "name", "ippools/status").isMissingNode()).isFalse();
    assertThat(find(resources.body().path("resources"), "name", "networkpolicies").path("namespaced").asBoolean()).isTrue();

    JsonNode core = http.get("/api/v1").body().path("resources");
    for (String r : List.of("namespaces", "pods", "nodes", "serviceaccounts", "services")) {
      assertThat(find(core, "name", r).isMissingNode()).as(r).isFalse();
    }
    assertThat(http.get("/apis/no.such.group/v1").code()).isEqualTo(404);
    JsonNode version = http.get("/version").body();
    assertThat(version.path("major").asText()).isEqualTo("1");
    assertThat(version.path("gitVersion").asText()).startsWith("v1.");
  }

  @Test
  void aggregatedDiscoveryAndOpenApiAreServedForKubectl() {
    Reply agg = http.get("/apis", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
    assertThat(agg.contentType()).contains("as=APIGroupDiscoveryList").contains("v=v2");
    assertThat(agg.body().path("kind").asText()).isEqualTo("APIGroupDiscoveryList");
    JsonNode calico = find(agg.body().path("items"), "metadata.name", "crd.projectcalico.org");
    JsonNode blocks = find(calico.path("versions").get(0).path("resources"), "resource", "ipamblocks");
    assertThat(blocks.path("scope").asText()).isEqualTo("Cluster");
    assertThat(blocks.path("responseKind").path("kind").asText()).isEqualTo("IPAMBlock");

    Reply coreAgg = http.get("/api", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    JsonNode pods = find(coreAgg.body().path("items").get(0).path("versions").get(0).path("resources"), "resource", "pods");
    assertThat(pods.path("scope").asText()).isEqualTo("Namespaced");

    JsonNode index = http.get("/openapi/v3").body();
    String url = index.path("paths").path("apis/crd.projectcalico.org/v1").path("serverRelativeURL").asText();
    assertThat(url).startsWith("/openapi/v3/apis/crd.projectcalico.org/v1?hash=");
    JsonNode doc = http.get(url).body();
    JsonNode patch = doc.path("paths").path("/apis/crd.projectcalico.org/v1/ippools/{name}").path("patch");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("IPPool");
    assertThat(find(patch.path("parameters"), "name", "fieldValidation").path("in").asText()).isEqualTo("query");
  }

  // (CRUD mode: a counter per dispatcher, but deletes do not advance it and lists report it stale)
  @Test
  void resourceVersionIsOneClusterWideIncreasingCounter() {
    long a = Long.parseLong(rv(createPool(unique("rv-a"), "10.23.0.0/24")));
    Reply ns = http.post("/api/v1/namespaces", object("v1", "Namespace", unique("rv-ns")));
    long b = Long.parseLong(rv(ns.body()));
    String name = unique("rv-c");
    JsonNode c = createPool(name, "10.23.1.0/24");
    long cv = Long.parseLong(rv(c));
    assertThat(b).isGreaterThan(a);
    assertThat(cv).isGreaterThan(b);
    long listBefore = Long.parseLong(rv(http.get(POOLS).body()));
    assertThat(listBefore).isGreaterThanOrEqualTo(cv);
    assertThat(http.delete(POOLS + "/" + name).code()).isEqualTo(200);
    long listAfter = Long.parseLong(rv(http.get(POOLS).body()));
    assertThat(listAfter).as("a delete is a new revision").isGreaterThan(listBefore);
    ObjectNode same = http.get("/api/v1/namespaces/" + ns.body().path("metadata").path("name").asText()).body().deepCopy();
    Reply noop = http.put("/api/v1/namespaces/" + same.path("metadata").path("name").asText(), same);
    assertThat(rv(noop.body())).as("a no-op update writes nothing").isEqualTo(rv(same));
  }

  @Test
  void serverSetsUidCreationTimestampAndGeneration() {
    String name = unique("meta");
    ObjectNode pool = ipPool(name, "10.24.0.0/24");
    ((ObjectNode) pool.path("metadata")).put("uid", "11111111-1111-4111-8111-111111111111")
        .put("creationTimestamp", "2001-01-01T00:00:00Z").put("generation", 42);
    Reply r = http.post(POOLS, pool);
    JsonNode meta = r.body().path("metadata");
    assertThat(meta.path("uid").asText()).isNotEqualTo("11111111-1111-4111-8111-111111111111")
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(meta.path("creationTimestamp").asText()).doesNotStartWith("2001").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(meta.path("generation").asLong()).isEqualTo(1);

    ObjectNode labelled = r.body().deepCopy();
    ((ObjectNode) labelled.path("metadata")).putObject("labels").put("x", "y");
    Reply metaOnly = http.put(POOLS + "/" + name, labelled);
    assertThat(metaOnly.body().path("metadata").path("generation").asLong()).as("metadata change").isEqualTo(1);
    ObjectNode specChange = metaOnly.body().deepCopy();
    ((ObjectNode) specChange.path("spec")).put("natOutgoing", true);
    Reply spec = http.put(POOLS + "/" + name, specChange);
    assertThat(spec.body().path("metadata").path("generation").asLong()).as("spec change").isEqualTo(2);
    assertThat(uid(spec.body())).isEqualTo(meta.path("uid").asText());
    assertThat(spec.body().path("metadata").path("creationTimestamp").asText()).isEqualTo(meta.path("creationTimestamp").asText());

    ObjectNode wrongUid = spec.body().deepCopy();
    ((ObjectNode) wrongUid.path("metadata")).put("uid", UUID.randomUUID().toString());
    Reply conflict = http.put(POOLS + "/" + name, wrongUid);
    assertThat(conflict.code()).isEqualTo(409);
    assertThat(conflict.message()).contains("Precondition failed: UID in precondition");
  }

  @Test
  void pathsFollowTheScopeOfEachType() {
    String ns = unique("scope");
    assertThat(http.post("/api/v1/namespaces", object("v1", "Namespace", ns)).code()).isEqualTo(201);
    ObjectNode np = object("crd.projectcalico.org/v1", "NetworkPolicy", "default.allow");
    np.putObject("spec").put("tier", "default");
    String nsPath = "/apis/crd.projectcalico.org/v1/namespaces/" + ns + "/networkpolicies";
    Reply created = http.post(nsPath, np);
    assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
    assertThat(created.body().path("metadata").path("namespace").asText()).isEqualTo(ns);
    assertThat(http.get(nsPath + "/default.allow").code()).isEqualTo(200);
    assertThat(names(http.get("/apis/crd.projectcalico.org/v1/networkpolicies").body())).contains("default.allow");
    // a namespaced type outside a namespace, a cluster-scoped type inside one
    assertThat(http.post("/apis/crd.projectcalico.org/v1/networkpolicies", np).code()).isEqualTo(405);
    assertThat(http.get("/apis/crd.projectcalico.org/v1/networkpolicies/default.allow").code()).isEqualTo(404);
    assertThat(http.get("/apis/crd.projectcalico.org/v1/namespaces/" + ns + "/ippools").code()).isEqualTo(404);
    // a namespace that does not exist
    Reply missing = http.post("/apis/crd.projectcalico.org/v1/namespaces/no-such-ns/networkpolicies", np);
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.message()).isEqualTo("namespaces \"no-such-ns\" not found");
    // the namespace in the body must match the URL's
    ObjectNode other = np.deepCopy();
    ((ObjectNode) other.path("metadata")).put("name", "default.other").put("namespace", "default");
    assertThat(http.post(nsPath, other).code()).isEqualTo(400);
    // deleting the namespace deletes what is in it
    assertThat(http.delete("/api/v1/namespaces/" + ns).code()).isEqualTo(200);
    assertThat(http.get(nsPath + "/default.allow").code()).isEqualTo(404);
  }

  @Test
  void coreTypesAreUsable() {
    String ns = unique("core");
    Reply namespace = http.post("/api/v1/namespaces", object("v1", "Namespace", ns));
    assertThat(namespace.body().path("status").path("phase").asText()).isEqualTo("Active");

    ObjectNode pod = object("v1", "Pod", "web-0");
    ObjectNode c = pod.putObject("spec").put("nodeName", "node-1").putArray("containers").addObject();
    c.put("name", "web").put("image", "nginx");
    pod.putObject("status").put("podIP", "10.0.0.9");
    Reply createdPod = http.post("/api/v1/namespaces/" + ns + "/pods", pod);
    assertThat(createdPod.code()).isEqualTo(201);
    assertThat(createdPod.body().path("status").path("phase").asText()).as("status is the kubelet's").isEqualTo("Pending");
    assertThat(createdPod.body().path("status").has("podIP")).isFalse();
    ObjectNode status = createdPod.body().deepCopy();
    ((ObjectNode) status.path("status")).put("phase", "Running").put("podIP", "10.0.0.9")
        .putArray("podIPs").addObject().put("ip", "10.0.0.9");
    Reply statusPut = http.put("/api/v1/namespaces/" + ns + "/pods/web-0/status", status);
    assertThat(statusPut.code()).isEqualTo(200);
    assertThat(statusPut.body().path("status").path("podIP").asText()).isEqualTo("10.0.0.9");
    Reply byNode = http.get("/api/v1/pods?fieldSelector=" + q("spec.nodeName=node-1,metadata.namespace=" + ns));
    assertThat(names(byNode.body())).containsExactly("web-0");
    assertThat(http.get("/api/v1/pods?fieldSelector=" + q("spec.bogus=1")).code()).isEqualTo(400);

    ObjectNode node = object("v1", "Node", unique("node"));
    ((ObjectNode) node.path("metadata")).putObject("annotations").put("projectcalico.org/IPv4IPIPTunnelAddr", "10.0.0.1");
    assertThat(http.post("/api/v1/nodes", node).code()).isEqualTo(201);
    assertThat(http.post("/api/v1/namespaces/" + ns + "/serviceaccounts", object("v1", "ServiceAccount", "sa")).code())
        .isEqualTo(201);
    ObjectNode svc = object("v1", "Service", "lb");
    svc.putObject("spec").put("type", "LoadBalancer").putArray("ports").addObject().put("port", 80);
    assertThat(http.post("/api/v1/namespaces/" + ns + "/services", svc).code()).isEqualTo(201);
    ObjectNode knp = object("networking.k8s.io/v1", "NetworkPolicy", "deny");
    knp.putObject("spec").putObject("podSelector");
    assertThat(http.post("/apis/networking.k8s.io/v1/namespaces/" + ns + "/networkpolicies", knp).code()).isEqualTo(201);

    ObjectNode patchLabels = KubeHttp.MAPPER.createObjectNode();
    patchLabels.putObject("metadata").putObject("labels").put("zone", "a");
    Reply smp = http.patch("/api/v1/namespaces/" + ns, "application/strategic-merge-patch+json", patchLabels.toString());
    assertThat(smp.code()).isEqualTo(200);
    assertThat(smp.body().path("metadata").path("labels").path("zone").asText()).isEqualTo("a");
  }

  private static ObjectNode readyCondition(ObjectNode obj) {
    ObjectNode c = obj.putObject("status").putArray("conditions").addObject();
    c.put("type", "Ready").put("status", "True").put("reason", "Test").put("message", "")
        .put("lastTransitionTime", "2026-01-01T00:00:00Z");
    return obj;
  }

  @Test
  void statusSubresourceSeparatesSpecAndStatusWrites() {
    String name = unique("status");
    JsonNode created = createPool(name, "10.25.0.0/24");
    ObjectNode withStatus = readyCondition(created.deepCopy());
    ((ObjectNode) withStatus.path("spec")).put("natOutgoing", true);
    Reply main = http.put(POOLS + "/" + name, withStatus);
    assertThat(main.code()).as(main.body().toString()).isEqualTo(200);
    assertThat(main.body().has("status")).as("the main resource ignores status").isFalse();
    assertThat(main.body().path("spec").path("natOutgoing").asBoolean()).isTrue();

    ObjectNode statusWrite = readyCondition(main.body().deepCopy());
    ((ObjectNode) statusWrite.path("spec")).put("natOutgoing", false);
    Reply status = http.put(POOLS + "/" + name + "/status", statusWrite);
    assertThat(status.code()).as(status.body().toString()).isEqualTo(200);
    assertThat(status.body().path("status").path("conditions").get(0).path("type").asText()).isEqualTo("Ready");
    assertThat(status.body().path("spec").path("natOutgoing").asBoolean()).as("/status ignores spec").isTrue();
    assertThat(http.get("/apis/crd.projectcalico.org/v1/ipamblocks/x/status").code())
        .as("no status subresource on IPAMBlock").isEqualTo(404);
  }

  @Test
  void customResourcesAreValidatedAgainstTheirSchema() {
    ObjectNode affinity = object("crd.projectcalico.org/v1", "BlockAffinity", unique("aff"));
    affinity.putObject("spec").put("node", "node-1").put("cidr", "10.29.0.0/26").put("state", "confirmed")
        .put("deleted", false);
    Reply wrongType = http.post("/apis/crd.projectcalico.org/v1/blockaffinities", affinity);
    assertThat(wrongType.code()).isEqualTo(422);
    assertThat(wrongType.message()).endsWith("is invalid: spec.deleted: Invalid value: \"boolean\": "
        + "spec.deleted in body must be of type string: \"boolean\"");
    ((ObjectNode) affinity.path("spec")).put("deleted", "false");
    assertThat(http.post("/apis/crd.projectcalico.org/v1/blockaffinities", affinity).code()).isEqualTo(201);

    ObjectNode block = object("crd.projectcalico.org/v1", "IPAMBlock", "10-29-1-0-26");
    block.putObject("spec").put("cidr", "10.29.1.0/26");
    Reply missing = http.post("/apis/crd.projectcalico.org/v1/ipamblocks", block);
    assertThat(missing.code()).isEqualTo(422);
    assertThat(missing.message()).contains("spec.allocations: Required value", "spec.strictAffinity: Required value");

    ObjectNode pool = ipPool(unique("enum"), "10.29.2.0/24");
    ((ObjectNode) pool.path("spec")).put("ipipMode", "Sometimes").put("blockSize", 200);
    Reply bad = http.post(POOLS, pool);
    assertThat(bad.code()).isEqualTo(422);
    assertThat(bad.message()).contains("spec.ipipMode: Unsupported value: \"Sometimes\": supported values: "
        + "\"Never\", \"Always\", \"CrossSubnet\"", "spec.blockSize: Invalid value: 200: spec.blockSize in body "
        + "should be less than or equal to 128");

    JsonNode created = createPool(unique("immutable"), "10.29.3.0/24");
    ObjectNode moved = created.deepCopy();
    ((ObjectNode) moved.path("spec")).put("cidr", "10.29.4.0/24");
    Reply immutable = http.put(POOLS + "/" + created.path("metadata").path("name").asText(), moved);
    assertThat(immutable.code()).isEqualTo(422);
    assertThat(immutable.message()).contains("spec.cidr: Invalid value: \"string\": CIDR cannot be changed");
  }

  @Test
  void customResourcesArePrunedDefaultedAndStrictlyValidatedOnRequest() {
    String name = unique("prune");
    ObjectNode pool = ipPool(name, "10.26.0.0/24");
    ((ObjectNode) pool.path("spec")).put("bogusField", 1);
    Reply strict = http.send("POST", POOLS + "?fieldValidation=Strict", "application/json", pool.toString(), null);
    assertThat(strict.code()).isEqualTo(400);
    assertThat(strict.message()).contains("strict decoding error: unknown field \"spec.bogusField\"");
    Reply warn = http.post(POOLS, pool);
    assertThat(warn.code()).isEqualTo(201);
    assertThat(warn.warnings()).containsExactly("299 - \"unknown field \\\"spec.bogusField\\\"\"");
    assertThat(warn.body().path("spec").has("bogusField")).isFalse();
    assertThat(warn.body().path("spec").path("nodeSelector").asText()).as("CRD default").isEqualTo("all()");
  }

  @Test
  void createRefusesBadNamesAndMismatchedTypes() {
    Reply upper = http.post(POOLS, ipPool("Not_A_Name", "10.27.0.0/24"));
    assertThat(upper.code()).isEqualTo(422);
    assertThat(upper.body().path("details").path("causes").get(0).path("field").asText()).isEqualTo("metadata.name");
    ObjectNode wrongKind = ipPool(unique("kind"), "10.27.0.0/24");
    wrongKind.put("kind", "IPAMBlock");
    assertThat(http.post(POOLS, wrongKind).code()).isEqualTo(400);
    ObjectNode withRv = ipPool(unique("rv"), "10.27.0.0/24");
    ((ObjectNode) withRv.path("metadata")).put("resourceVersion", "5");
    assertThat(http.post(POOLS, withRv).code()).isEqualTo(500);
    ObjectNode generated = object("crd.projectcalico.org/v1", "IPPool", "");
    ((ObjectNode) generated.path("metadata")).remove("name");
    ((ObjectNode) generated.path("metadata")).put("generateName", "gen-");
    generated.putObject("spec").put("cidr", "10.27.1.0/24");
    Reply gen = http.post(POOLS, generated);
    assertThat(gen.code()).isEqualTo(201);
    assertThat(gen.body().path("metadata").path("name").asText()).matches("gen-[a-z0-9]{5}");
  }

  @Test
  void labelKeysAndValuesAreValidated() {
    ObjectNode longValue = ipPool(unique("label"), "10.28.0.0/24");
    ((ObjectNode) longValue.path("metadata")).putObject("labels").put("projectcalico.org/hostname-hash", "A".repeat(64));
    Reply r = http.post(POOLS, longValue);
    assertThat(r.code()).isEqualTo(422);
    assertThat(r.message()).contains("metadata.labels: Invalid value: \"" + "A".repeat(64) + "\": must be no more than 63 characters");
    ObjectNode badKey = ipPool(unique("label"), "10.28.0.0/24");
    ((ObjectNode) badKey.path("metadata")).putObject("labels").put("Bad_Prefix/x", "1");
    assertThat(http.post(POOLS, badKey).code()).isEqualTo(422);
    ObjectNode ok = ipPool(unique("label"), "10.28.0.0/24");
    ((ObjectNode) ok.path("metadata")).putObject("labels").put("projectcalico.org/hostname-hash", "A".repeat(52))
        .put("projectcalico.org/ip-version", "4").put("empty", "");
    assertThat(http.post(POOLS, ok).code()).isEqualTo(201);
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      JsonNode v = n;
      for (String p : field.split("\\.")) {
        v = v.path(p);
      }
      if (v.asText().equals(value)) {
        return n;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
