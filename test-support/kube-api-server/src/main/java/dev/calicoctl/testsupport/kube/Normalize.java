package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Tidies stored objects into the shape kube-apiserver returns (no null metadata fields). */
final class Normalize {
  private Normalize() {}

  static ObjectNode stored(ObjectNode obj) {
    JsonNode m = obj.get("metadata");
    if (m instanceof ObjectNode meta) {
      List<String> nulls = new ArrayList<>();
      meta.fieldNames().forEachRemaining(f -> {
        JsonNode v = meta.get(f);
        if (v.isNull() || (v.isObject() && v.isEmpty() && (f.equals("labels") || f.equals("annotations")))) {
          nulls.add(f);
        }
      });
      nulls.forEach(meta::remove);
    }
    return obj;
  }
}
