package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server-side printing ({@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}), which
 * {@code kubectl get} asks for: a CRD's Name plus its additionalPrinterColumns (default: Age), and
 * kube-apiserver's columns for Namespaces, Pods and Nodes; Name and Created At for other types.
 */
final class Tables {
  private record Column(String name, String type, String format, String description, int priority, String jsonPath) {}

  static boolean wantsTable(String accept) {
    return accept.replace(" ", "").contains("as=Table");
  }

  ObjectNode table(ResourceType type, ListPager.Page page, String includeObject) {
    List<Column> columns = columns(type);
    ObjectNode t = Json.MAPPER.createObjectNode();
    t.put("kind", "Table");
    t.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = t.putObject("metadata");
    meta.put("resourceVersion", page.resourceVersion());
    if (page.continueToken() != null) {
      meta.put("continue", page.continueToken());
    }
    ArrayNode defs = t.putArray("columnDefinitions");
    for (Column c : columns) {
      ObjectNode d = defs.addObject();
      d.put("name", c.name);
      d.put("type", c.type);
      d.put("format", c.format);
      d.put("description", c.description);
      d.put("priority", c.priority);
    }
    ArrayNode rows = t.putArray("rows");
    for (ObjectNode obj : page.items()) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column c : columns) {
        cells.add(cell(type, c, obj));
      }
      if (!includeObject.equals("None")) {
        if (includeObject.equals("Object")) {
          row.set("object", obj);
        } else {
          ObjectNode partial = row.putObject("object");
          partial.put("kind", "PartialObjectMetadata");
          partial.put("apiVersion", "meta.k8s.io/v1");
          partial.set("metadata", obj.path("metadata").deepCopy());
        }
      }
    }
    return t;
  }

  private static List<Column> columns(ResourceType type) {
    List<Column> cols = new ArrayList<>();
    cols.add(new Column("Name", "string", "name",
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.",
        0, ".metadata.name"));
    if (type.custom()) {
      if (type.printerColumns().isEmpty()) {
        cols.add(new Column("Age", "date", "", "Custom resource definition column (in JSONPath format): .metadata.creationTimestamp",
            0, ".metadata.creationTimestamp"));
      }
      for (JsonNode pc : type.printerColumns()) {
        cols.add(new Column(pc.path("name").asText(), pc.path("type").asText("string"), pc.path("format").asText(""),
            pc.path("description").asText("Custom resource definition column (in JSONPath format): " + pc.path("jsonPath").asText()),
            pc.path("priority").asInt(0), pc.path("jsonPath").asText()));
      }
      return cols;
    }
    switch (type.kind()) {
      case "Namespace" -> {
        cols.add(new Column("Status", "string", "", "The status of the namespace", 0, ".status.phase"));
        cols.add(age());
      }
      case "Pod" -> {
        cols.add(new Column("Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic.", 0, "#ready"));
        cols.add(new Column("Status", "string", "", "The aggregate status of the containers in this pod.", 0, ".status.phase"));
        cols.add(new Column("Restarts", "string", "", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.", 0, "#restarts"));
        cols.add(age());
        cols.add(new Column("IP", "string", "", "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1, ".status.podIP"));
        cols.add(new Column("Node", "string", "", "NodeName is a request to schedule this pod onto a specific node.", 1, ".spec.nodeName"));
      }
      case "Node" -> {
        cols.add(new Column("Status", "string", "", "The status of the node", 0, "#nodeStatus"));
        cols.add(new Column("Roles", "string", "", "The roles of the node", 0, "#roles"));
        cols.add(age());
        cols.add(new Column("Version", "string", "", "Kubelet Version reported by the node.", 0, ".status.nodeInfo.kubeletVersion"));
      }
      default -> cols.add(new Column("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, ".metadata.creationTimestamp"));
    }
    return cols;
  }

  private static Column age() {
    return new Column("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, "#age");
  }

  private static JsonNode cell(ResourceType type, Column c, ObjectNode obj) {
    switch (c.jsonPath) {
      case "#age" -> {
        return Json.MAPPER.getNodeFactory().textNode(age(obj.path("metadata").path("creationTimestamp").asText()));
      }
      case "#ready" -> {
        int containers = obj.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode s : obj.path("status").path("containerStatuses")) {
          if (s.path("ready").asBoolean()) {
            ready++;
          }
        }
        return Json.MAPPER.getNodeFactory().textNode(ready + "/" + containers);
      }
      case "#restarts" -> {
        long restarts = 0;
        for (JsonNode s : obj.path("status").path("containerStatuses")) {
          restarts += s.path("restartCount").asLong();
        }
        return Json.MAPPER.getNodeFactory().numberNode(restarts);
      }
      case "#nodeStatus" -> {
        for (JsonNode cond : obj.path("status").path("conditions")) {
          if (cond.path("type").asText().equals("Ready")) {
            return Json.MAPPER.getNodeFactory().textNode(cond.path("status").asText().equals("True") ? "Ready" : "NotReady");
          }
        }
        return Json.MAPPER.getNodeFactory().textNode("Unknown");
      }
      case "#roles" -> {
        List<String> roles = new ArrayList<>();
        obj.path("metadata").path("labels").fieldNames().forEachRemaining(k -> {
          if (k.startsWith("node-role.kubernetes.io/")) {
            roles.add(k.substring("node-role.kubernetes.io/".length()));
          }
        });
        return Json.MAPPER.getNodeFactory().textNode(roles.isEmpty() ? "<none>" : String.join(",", roles));
      }
      default -> { }
    }
    JsonNode v = JsonPath.eval(obj, c.jsonPath);
    if (v.isMissingNode() || v.isNull()) {
      return Json.MAPPER.getNodeFactory().nullNode();
    }
    if (c.type.equals("date")) {
      return Json.MAPPER.getNodeFactory().textNode(age(v.asText()));
    }
    if (v.isContainerNode()) {
      return Json.MAPPER.getNodeFactory().textNode(Json.write(v));
    }
    return v;
  }

  /** kube's HumanDuration of the time since a timestamp ("5m", "3h12m", "2d4h", ...). */
  static String age(String timestamp) {
    Instant t;
    try {
      t = Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
    return humanDuration(Duration.between(t, Instant.now()));
  }

  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    }
    if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** The JSONPath subset printer columns use: {@code .a.b}, {@code [n]}, {@code [?(@.k=='v')]}. */
  static final class JsonPath {
    private static final Pattern STEP = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]|\\[\\?\\(@\\.([^=!]+)==['\"]([^'\"]*)['\"]\\)]");

    static JsonNode eval(JsonNode root, String path) {
      String p = path.trim();
      if (p.startsWith("{") && p.endsWith("}")) {
        p = p.substring(1, p.length() - 1);
      }
      if (p.startsWith("$")) {
        p = p.substring(1);
      }
      Matcher m = STEP.matcher(p);
      JsonNode n = root;
      int pos = 0;
      while (pos < p.length() && m.find(pos) && m.start() == pos) {
        if (m.group(1) != null) {
          n = n.path(m.group(1));
        } else if (m.group(2) != null) {
          n = n.path(Integer.parseInt(m.group(2)));
        } else {
          JsonNode found = MissingNode.getInstance();
          for (JsonNode e : n) {
            if (e.path(m.group(3)).asText().equals(m.group(4))) {
              found = e;
              break;
            }
          }
          n = found;
        }
        pos = m.end();
      }
      return pos == p.length() ? n : MissingNode.getInstance();
    }
  }
}
