package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Field selectors: {@code field=v}, {@code field==v}, {@code field!=v}, joined by commas, over the
 * fields kube-apiserver lets each type select on (metadata.name and metadata.namespace for all,
 * a few more for Pods, Nodes, Namespaces, Events).
 */
final class FieldSelector {
  private record Term(String field, String value, boolean negated) {}

  private static final Map<String, List<String>> EXTRA = Map.of(
      "pods", List.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
          "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
      "nodes", List.of("spec.unschedulable"),
      "namespaces", List.of("status.phase"),
      "events", List.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
          "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
          "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"));

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = terms;
  }

  static FieldSelector parse(String text, ResourceType type) throws ApiError {
    List<Term> terms = new ArrayList<>();
    if (text != null && !text.isBlank()) {
      for (String part : text.split(",")) {
        String p = part.trim();
        int ne = p.indexOf("!=");
        int eq2 = p.indexOf("==");
        int eq = p.indexOf('=');
        Term t;
        if (ne >= 0) {
          t = new Term(p.substring(0, ne).trim(), p.substring(ne + 2).trim(), true);
        } else if (eq2 >= 0) {
          t = new Term(p.substring(0, eq2).trim(), p.substring(eq2 + 2).trim(), false);
        } else if (eq >= 0) {
          t = new Term(p.substring(0, eq).trim(), p.substring(eq + 1).trim(), false);
        } else {
          throw ApiError.badRequest("invalid selector: '" + text + "'; can't understand '" + p + "'");
        }
        if (!supported(t.field, type)) {
          throw ApiError.badRequest("field label not supported: " + t.field);
        }
        terms.add(t);
      }
    }
    return new FieldSelector(terms);
  }

  private static boolean supported(String field, ResourceType type) {
    if (field.equals("metadata.name") || field.equals("metadata.namespace")) {
      return true;
    }
    return !type.custom() && type.group().isEmpty() && EXTRA.getOrDefault(type.plural(), List.of()).contains(field);
  }

  boolean matches(JsonNode obj) {
    for (Term t : terms) {
      JsonNode n = obj;
      for (String p : t.field.split("\\.")) {
        n = n.path(p);
      }
      String actual = n.isValueNode() && !n.isNull() ? n.asText() : "";
      if (actual.equals(t.value) == t.negated) {
        return false;
      }
    }
    return true;
  }
}
