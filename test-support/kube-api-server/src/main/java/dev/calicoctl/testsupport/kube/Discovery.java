package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The discovery documents kube-apiserver serves: legacy ({@code /api}, {@code /apis},
 * {@code /apis/<group>[/<version>]}), aggregated ({@code apidiscovery.k8s.io/v2}, asked for through
 * the Accept header, as kubectl 1.32 does first) and {@code /version}.
 */
final class Discovery {
  static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
  static final String AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
  private static final List<String> VERBS = List.of("delete", "deletecollection", "get", "list", "patch", "create",
      "update", "watch");
  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

  private final ResourceRegistry registry;
  private volatile String serverAddress = "127.0.0.1:0";

  Discovery(ResourceRegistry registry) {
    this.registry = registry;
  }

  void serverAddress(String hostPort) {
    this.serverAddress = hostPort;
  }

  /** The aggregated version the client asked for first, or null for the legacy document. */
  static String aggregatedVersion(String accept) {
    for (String part : accept.split(",")) {
      String p = part.replace(" ", "").toLowerCase();
      if (p.contains("g=apidiscovery.k8s.io") && p.contains("as=apigroupdiscoverylist")) {
        if (p.contains("v=v2beta1")) {
          return "v2beta1";
        }
        if (p.contains("v=v2")) {
          return "v2";
        }
      }
    }
    return null;
  }

  ObjectNode version() {
    ObjectNode v = Json.MAPPER.createObjectNode();
    v.put("major", "1");
    v.put("minor", "32");
    v.put("gitVersion", "v1.32.4");
    v.put("gitCommit", "0000000000000000000000000000000000000000");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2026-01-01T00:00:00Z");
    v.put("goVersion", "go1.23.8");
    v.put("compiler", "gc");
    v.put("platform", "linux/amd64");
    return v;
  }

  ObjectNode apiVersions() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("kind", "APIVersions");
    o.putArray("versions").add("v1");
    ObjectNode addr = o.putArray("serverAddressByClientCIDRs").addObject();
    addr.put("clientCIDR", "0.0.0.0/0");
    addr.put("serverAddress", serverAddress);
    return o;
  }

  ObjectNode groupList() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("kind", "APIGroupList");
    o.put("apiVersion", "v1");
    ArrayNode groups = o.putArray("groups");
    for (Map.Entry<String, List<String>> g : registry.groups().entrySet()) {
      if (!g.getKey().isEmpty()) {
        groups.add(group(g.getKey(), g.getValue()));
      }
    }
    return o;
  }

  /** The APIGroup document, or null when no such group is served. */
  ObjectNode group(String name) {
    List<String> versions = registry.groups().get(name);
    if (versions == null || name.isEmpty()) {
      return null;
    }
    ObjectNode g = group(name, versions);
    g.put("kind", "APIGroup");
    g.put("apiVersion", "v1");
    return g;
  }

  private ObjectNode group(String name, List<String> versions) {
    ObjectNode g = Json.MAPPER.createObjectNode();
    g.put("name", name);
    ArrayNode vs = g.putArray("versions");
    for (String v : versions) {
      ObjectNode gv = vs.addObject();
      gv.put("groupVersion", name + "/" + v);
      gv.put("version", v);
    }
    g.set("preferredVersion", vs.get(0).deepCopy());
    return g;
  }

  /** The APIResourceList of one group version, or null when it is not served. */
  ObjectNode resourceList(String group, String version) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("kind", "APIResourceList");
    o.put("apiVersion", "v1");
    o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = o.putArray("resources");
    boolean any = false;
    for (ResourceType t : registry.all()) {
      if (!t.group().equals(group) || !t.version().equals(version)) {
        continue;
      }
      any = true;
      ObjectNode r = resources.addObject();
      r.put("name", t.plural());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      strings(r.putArray("verbs"), VERBS);
      if (!t.shortNames().isEmpty()) {
        strings(r.putArray("shortNames"), t.shortNames());
      }
      if (!t.categories().isEmpty()) {
        strings(r.putArray("categories"), t.categories());
      }
      if (t.statusSubresource()) {
        ObjectNode s = resources.addObject();
        s.put("name", t.plural() + "/status");
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        s.put("kind", t.kind());
        strings(s.putArray("verbs"), STATUS_VERBS);
      }
    }
    return any ? o : null;
  }

  /** {@code APIGroupDiscoveryList} for {@code /api} (core) or {@code /apis} (all named groups). */
  ObjectNode aggregated(boolean core, String discoveryVersion) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("kind", "APIGroupDiscoveryList");
    o.put("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
    o.putObject("metadata");
    ArrayNode items = o.putArray("items");
    for (Map.Entry<String, List<String>> g : registry.groups().entrySet()) {
      if (g.getKey().isEmpty() != core) {
        continue;
      }
      ObjectNode item = items.addObject();
      ObjectNode meta = item.putObject("metadata");
      if (!core) {
        meta.put("name", g.getKey());
      }
      ArrayNode versions = item.putArray("versions");
      for (String v : g.getValue()) {
        ObjectNode ver = versions.addObject();
        ver.put("version", v);
        ArrayNode resources = ver.putArray("resources");
        for (ResourceType t : registry.all()) {
          if (t.group().equals(g.getKey()) && t.version().equals(v)) {
            resources.add(aggregatedResource(t));
          }
        }
        ver.put("freshness", "Current");
      }
    }
    return o;
  }

  private static ObjectNode aggregatedResource(ResourceType t) {
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("resource", t.plural());
    r.set("responseKind", responseKind(t));
    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
    r.put("singularResource", t.singular());
    strings(r.putArray("verbs"), VERBS);
    if (!t.shortNames().isEmpty()) {
      strings(r.putArray("shortNames"), t.shortNames());
    }
    if (!t.categories().isEmpty()) {
      strings(r.putArray("categories"), t.categories());
    }
    if (t.statusSubresource()) {
      ObjectNode s = r.putArray("subresources").addObject();
      s.put("subresource", "status");
      s.set("responseKind", responseKind(t));
      strings(s.putArray("verbs"), STATUS_VERBS);
    }
    return r;
  }

  private static ObjectNode responseKind(ResourceType t) {
    ObjectNode k = Json.MAPPER.createObjectNode();
    k.put("group", t.group());
    k.put("version", t.version());
    k.put("kind", t.kind());
    return k;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
