package dev.calicoctl.testsupport.kube;

import java.util.List;

/**
 * Where a resource request points: {@code /api/v1/...} or {@code /apis/<group>/<version>/...},
 * then {@code [namespaces/<ns>/]<plural>[/<name>[/<subresource>]]}.
 *
 * @param namespace null for cluster-scoped types and cluster-wide collections
 */
record Route(ResourceType type, String namespace, String name, String subresource) {

  /** The route, or null for non-resource paths (discovery, version, health). */
  static Route parse(Request req, ResourceRegistry registry) throws ApiError {
    List<String> s = req.segments;
    String group;
    String version;
    int i;
    if (s.size() >= 3 && s.get(0).equals("api")) {
      group = "";
      version = s.get(1);
      i = 2;
    } else if (s.size() >= 4 && s.get(0).equals("apis")) {
      group = s.get(1);
      version = s.get(2);
      i = 3;
    } else {
      return null;
    }
    List<String> rest = s.subList(i, s.size());
    String namespace = null;
    // namespaces/<ns>/<plural>..., except the Namespace object's own subresources
    if (rest.size() >= 3 && rest.get(0).equals("namespaces") && !List.of("status", "finalize").contains(rest.get(2))) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3) {
      throw ApiError.notFoundPath();
    }
    ResourceType type = registry.find(group, version, rest.get(0));
    if (type == null || (namespace != null && !type.namespaced())) {
      throw ApiError.notFoundPath();
    }
    String name = rest.size() >= 2 ? rest.get(1) : null;
    String sub = rest.size() == 3 ? rest.get(2) : null;
    if (type.namespaced() && name != null && namespace == null) {
      // a namespaced object must be addressed through its namespace
      throw ApiError.notFoundPath();
    }
    return new Route(type, namespace, name, sub);
  }
}
