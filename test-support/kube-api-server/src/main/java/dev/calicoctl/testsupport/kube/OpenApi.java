package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * OpenAPI v3 as kubectl reads it: the {@code /openapi/v3} index of group versions, and per group
 * version a document whose operations carry {@code x-kubernetes-group-version-kind} and declare the
 * {@code fieldValidation} query parameter. From that kubectl learns that the server validates
 * fields itself ({@code fieldValidation=Strict}) instead of validating on the client. Custom
 * types carry their CRD schema; built-in types carry no schema (see the README).
 */
final class OpenApi {
  private final ResourceRegistry registry;

  OpenApi(ResourceRegistry registry) {
    this.registry = registry;
  }

  ObjectNode index() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ObjectNode paths = o.putObject("paths");
    for (Map.Entry<String, List<String>> g : registry.groups().entrySet()) {
      for (String v : g.getValue()) {
        String key = g.getKey().isEmpty() ? "api/" + v : "apis/" + g.getKey() + "/" + v;
        paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash(groupVersion(g.getKey(), v)));
      }
    }
    return o;
  }

  /** The document of one group version, or null if it is not served. */
  ObjectNode groupVersion(String group, String version) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("openapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Kubernetes");
    info.put("version", "v1.32.4");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    boolean any = false;
    for (ResourceType t : registry.all()) {
      if (!t.group().equals(group) || !t.version().equals(version)) {
        continue;
      }
      any = true;
      String schemaName = schemaName(t);
      if (t.schema().isObject()) {
        ObjectNode s = t.schema().deepCopy();
        ArrayNode gvk = s.putArray("x-kubernetes-group-version-kind");
        gvk.add(gvk(t));
        schemas.set(schemaName, s);
      }
      String base = t.collectionPath(t.namespaced() ? "{namespace}" : null);
      ObjectNode collection = paths.putObject(base);
      collection.set("get", operation(t, "list", false));
      collection.set("post", operation(t, "create", true));
      ObjectNode item = paths.putObject(base + "/{name}");
      item.set("get", operation(t, "read", false));
      item.set("put", operation(t, "replace", true));
      item.set("patch", operation(t, "patch", true));
      item.set("delete", operation(t, "delete", false));
      if (t.statusSubresource()) {
        ObjectNode status = paths.putObject(base + "/{name}/status");
        status.set("get", operation(t, "read", false));
        status.set("put", operation(t, "replace", true));
        status.set("patch", operation(t, "patch", true));
      }
    }
    return any ? doc : null;
  }

  private static ObjectNode operation(ResourceType t, String action, boolean write) {
    ObjectNode op = Json.MAPPER.createObjectNode();
    op.put("operationId", action + t.kind());
    op.put("x-kubernetes-action", action.equals("read") ? "get" : action.equals("replace") ? "put" : action);
    op.set("x-kubernetes-group-version-kind", gvk(t));
    ArrayNode params = op.putArray("parameters");
    if (write) {
      for (String p : List.of("dryRun", "fieldManager", "fieldValidation")) {
        ObjectNode param = params.addObject();
        param.put("name", p);
        param.put("in", "query");
        param.putObject("schema").put("type", "string");
        param.put("uniqueItems", true);
      }
    }
    ObjectNode ok = op.putObject("responses").putObject("200");
    ok.put("description", "OK");
    if (t.schema().isObject()) {
      ok.putObject("content").putObject("application/json").putObject("schema")
          .put("$ref", "#/components/schemas/" + schemaName(t));
    }
    return op;
  }

  private static ObjectNode gvk(ResourceType t) {
    ObjectNode g = Json.MAPPER.createObjectNode();
    g.put("group", t.group());
    g.put("version", t.version());
    g.put("kind", t.kind());
    return g;
  }

  private static String schemaName(ResourceType t) {
    List<String> parts = new java.util.ArrayList<>(List.of(t.group().isEmpty() ? "core" : t.group()));
    java.util.Collections.reverse(parts);
    return String.join(".", parts) + "." + t.version() + "." + t.kind();
  }

  private static String hash(JsonNode doc) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-512").digest(Json.write(doc).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).toUpperCase();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
