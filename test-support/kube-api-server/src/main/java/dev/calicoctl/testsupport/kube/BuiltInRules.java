package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Set;

/** What kube-apiserver's strategies do to built-in types on create, for the types served here. */
final class BuiltInRules {
  private static final Set<String> RETURN_DELETED = Set.of("Pod", "Namespace", "Node", "Service",
      "CustomResourceDefinition");

  private BuiltInRules() {}

  static void prepareForCreate(ResourceType type, ObjectNode obj) {
    if (type.custom()) {
      return;
    }
    switch (type.kind()) {
      case "Namespace" -> {
        ObjectNode spec = obj.with("spec");
        if (!spec.has("finalizers")) {
          spec.putArray("finalizers").add("kubernetes");
        }
        obj.putObject("status").put("phase", "Active");
      }
      // a Pod's status is the kubelet's to write, through /status
      case "Pod" -> obj.putObject("status").put("phase", "Pending");
      case "Service" -> obj.putObject("status").putObject("loadBalancer");
      case "CustomResourceDefinition" -> crdStatus(obj);
      default -> { }
    }
  }

  /** A CRD is accepted and established at once (no controllers run here). */
  private static void crdStatus(ObjectNode crd) {
    ObjectNode status = crd.putObject("status");
    status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
    ArrayNode conditions = status.putArray("conditions");
    for (String t : new String[] {"NamesAccepted", "Established"}) {
      ObjectNode c = conditions.addObject();
      c.put("type", t);
      c.put("status", "True");
      c.put("reason", t.equals("Established") ? "InitialNamesAccepted" : "NoConflicts");
      c.put("message", t.equals("Established") ? "the initial names have been accepted" : "no conflicts found");
    }
    ArrayNode stored = status.putArray("storedVersions");
    crd.path("spec").path("versions").forEach(v -> {
      if (v.path("storage").asBoolean()) {
        stored.add(v.path("name").asText());
      }
    });
  }

  /** Types whose DELETE answers with the object rather than a Success Status. */
  static boolean returnsDeletedObject(ResourceType type) {
    return type.custom() || RETURN_DELETED.contains(type.kind());
  }
}
