package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which types the server serves: a fixed set of built-in Kubernetes types plus every version of
 * every stored CustomResourceDefinition, rebuilt whenever a CRD is written.
 */
final class ResourceRegistry {
  static final String CRD_GROUP = "apiextensions.k8s.io";

  private final List<ResourceType> builtIns = new ArrayList<>();
  private volatile Map<String, ResourceType> byPath = new LinkedHashMap<>();
  /** The stored CRDs by name, so that a CRD write re-derives the types without re-reading all. */
  private final Map<String, JsonNode> crds = new TreeMap<>();

  ResourceRegistry() {
    core("namespaces", "namespace", "Namespace", false, List.of("ns"), List.of(), true);
    core("pods", "pod", "Pod", true, List.of("po"), List.of("all"), true);
    core("nodes", "node", "Node", false, List.of("no"), List.of(), true);
    core("serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), List.of(), false);
    core("services", "service", "Service", true, List.of("svc"), List.of("all"), true);
    core("endpoints", "endpoints", "Endpoints", true, List.of("ep"), List.of(), false);
    core("configmaps", "configmap", "ConfigMap", true, List.of("cm"), List.of(), false);
    core("secrets", "secret", "Secret", true, List.of(), List.of(), false);
    core("events", "event", "Event", true, List.of("ev"), List.of(), false);
    builtIn("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true, List.of("netpol"),
        List.of(), false);
    builtIn("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, List.of(), List.of(),
        false);
    builtIn(CRD_GROUP, "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition",
        false, List.of("crd", "crds"), List.of("api-extensions"), true);
    rebuild(List.of());
  }

  private void core(String plural, String singular, String kind, boolean namespaced, List<String> shortNames,
      List<String> categories, boolean status) {
    builtIn("", "v1", plural, singular, kind, namespaced, shortNames, categories, status);
  }

  private void builtIn(String group, String version, String plural, String singular, String kind, boolean namespaced,
      List<String> shortNames, List<String> categories, boolean status) {
    builtIns.add(new ResourceType(group, version, plural, singular, kind, namespaced, shortNames, categories, status,
        false, Json.MAPPER.createArrayNode(), MissingNode.getInstance()));
  }

  /** Serves the types of a CRD just written (created or updated). */
  synchronized void putCrd(JsonNode crd) {
    crds.put(crd.path("metadata").path("name").asText(), crd);
    rebuild(crds.values());
  }

  synchronized void removeCrd(String name) {
    crds.remove(name);
    rebuild(crds.values());
  }

  /** Re-derives the served types from the stored CRDs. */
  private void rebuild(Collection<? extends JsonNode> crds) {
    Map<String, ResourceType> next = new LinkedHashMap<>();
    for (ResourceType t : builtIns) {
      next.put(key(t.group(), t.version(), t.plural()), t);
    }
    for (JsonNode crd : crds) {
      for (ResourceType t : fromCrd(crd)) {
        next.putIfAbsent(key(t.group(), t.version(), t.plural()), t);
      }
    }
    byPath = next;
  }

  static List<ResourceType> fromCrd(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode v : spec.path("versions")) {
      if (!v.path("served").asBoolean(true)) {
        continue;
      }
      types.add(new ResourceType(spec.path("group").asText(), v.path("name").asText(), names.path("plural").asText(),
          names.path("singular").asText(names.path("kind").asText().toLowerCase()), names.path("kind").asText(),
          "Namespaced".equals(spec.path("scope").asText()), strings(names.path("shortNames")),
          strings(names.path("categories")), v.path("subresources").has("status"), true,
          v.path("additionalPrinterColumns").isArray() ? v.get("additionalPrinterColumns") : Json.MAPPER.createArrayNode(),
          v.path("schema").path("openAPIV3Schema")));
    }
    return types;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String key(String group, String version, String plural) {
    return group + "/" + version + "/" + plural;
  }

  ResourceType find(String group, String version, String plural) {
    return byPath.get(key(group, version, plural));
  }

  Collection<ResourceType> all() {
    return byPath.values();
  }

  /** Group name to its versions (in the order served), core group under "". */
  Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new TreeMap<>();
    for (ResourceType t : byPath.values()) {
      List<String> versions = groups.computeIfAbsent(t.group(), g -> new ArrayList<>());
      if (!versions.contains(t.version())) {
        versions.add(t.version());
      }
    }
    return groups;
  }
}
