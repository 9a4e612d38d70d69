package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What kube-apiserver does with a custom resource against its CRD's structural schema on every
 * write: apply {@code default}s, then drop ("prune") fields the schema does not declare, unless
 * {@code x-kubernetes-preserve-unknown-fields} keeps them. {@code apiVersion}, {@code kind} and
 * {@code metadata} at the root are never pruned.
 */
final class CrdSchema {
  private static final String PRESERVE = "x-kubernetes-preserve-unknown-fields";

  private CrdSchema() {}

  /** Defaults and prunes {@code obj} in place; returns the pruned fields' paths ({@code spec.bogus}). */
  static List<String> pruneAndDefault(JsonNode schema, ObjectNode obj) {
    List<String> pruned = new ArrayList<>();
    if (schema == null || schema.isMissingNode() || !schema.isObject()) {
      return pruned;
    }
    JsonNode props = schema.path("properties");
    applyDefaults(schema, obj);
    if (!schema.has("properties")) {
      return pruned;
    }
    List<String> drop = new ArrayList<>();
    for (Iterator<String> it = obj.fieldNames(); it.hasNext();) {
      String f = it.next();
      if (f.equals("apiVersion") || f.equals("kind") || f.equals("metadata")) {
        continue;
      }
      if (props.has(f)) {
        walk(props.get(f), obj.get(f), f, pruned);
      } else if (!schema.path(PRESERVE).asBoolean(false)) {
        drop.add(f);
        pruned.add(f);
      }
    }
    drop.forEach(obj::remove);
    return pruned;
  }

  private static void walk(JsonNode schema, JsonNode value, String path, List<String> pruned) {
    if (value instanceof ObjectNode o) {
      applyDefaults(schema, o);
      JsonNode props = schema.get("properties");
      JsonNode additional = schema.get("additionalProperties");
      boolean preserve = schema.path(PRESERVE).asBoolean(false);
      List<String> drop = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        String child = path + "." + e.getKey();
        if (props != null && props.has(e.getKey())) {
          walk(props.get(e.getKey()), e.getValue(), child, pruned);
        } else if (additional != null && additional.isObject()) {
          walk(additional, e.getValue(), child, pruned);
        } else if (props != null && !preserve && (additional == null || !additional.asBoolean(false))) {
          drop.add(e.getKey());
          pruned.add(child);
        }
      }
      drop.forEach(o::remove);
    } else if (value instanceof ArrayNode a && schema.has("items")) {
      for (int i = 0; i < a.size(); i++) {
        walk(schema.get("items"), a.get(i), path + "[" + i + "]", pruned);
      }
    }
  }

  private static void applyDefaults(JsonNode schema, ObjectNode o) {
    JsonNode props = schema.get("properties");
    if (props == null) {
      return;
    }
    // null in a field that is not nullable is dropped before defaulting, as kube-apiserver does
    List<String> nulls = new ArrayList<>();
    props.fields().forEachRemaining(p -> {
      if (o.has(p.getKey()) && o.get(p.getKey()).isNull() && !p.getValue().path("nullable").asBoolean(false)) {
        nulls.add(p.getKey());
      }
    });
    nulls.forEach(o::remove);
    props.fields().forEachRemaining(p -> {
      if (!o.has(p.getKey()) && p.getValue().has("default")) {
        o.set(p.getKey(), p.getValue().get("default").deepCopy());
      }
    });
  }
}
