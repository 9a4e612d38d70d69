package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code limit}/{@code continue} paging with kube-apiserver's guarantee: every page of one list is
 * served from the snapshot taken at the first page's resourceVersion, which every page reports.
 * Continue tokens have kube-apiserver's shape (base64 of {@code {"v","rv","start"}}); a token whose
 * snapshot has been evicted answers 410 Expired, as a compacted etcd revision does.
 */
final class ListPager {
  private static final int MAX_SNAPSHOTS = 64;

  record Page(List<ObjectNode> items, String resourceVersion, String continueToken, long remaining) {}

  private record Token(String rv, String start) {}

  private final Map<String, List<ObjectNode>> snapshots = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<ObjectNode>> eldest) {
      return size() > MAX_SNAPSHOTS;
    }
  };

  /** The storage key of an object: what the list is ordered by. */
  static String key(JsonNode obj) {
    String ns = Json.text(obj, "metadata", "namespace");
    String name = Json.text(obj, "metadata", "name");
    return ns.isEmpty() ? name : ns + "/" + name;
  }

  synchronized Page page(String listKey, List<ObjectNode> sortedNow, String rvNow, long limit, String continueParam)
      throws ApiError {
    List<ObjectNode> all;
    String rv;
    int from = 0;
    if (continueParam.isEmpty()) {
      all = sortedNow;
      rv = rvNow;
    } else {
      Token t = decode(continueParam);
      rv = t.rv;
      all = snapshots.get(listKey + "@" + rv);
      if (all == null) {
        throw ApiError.gone("The provided continue parameter is too old to display a consistent list result. "
            + "You can start a new list without the continue parameter.");
      }
      while (from < all.size() && key(all.get(from)).compareTo(t.start) < 0) {
        from++;
      }
    }
    int to = limit > 0 ? (int) Math.min(all.size(), from + limit) : all.size();
    String next = null;
    if (to < all.size()) {
      snapshots.put(listKey + "@" + rv, all);
      next = encode(rv, key(all.get(to - 1)) + "\u0000");
    }
    return new Page(all.subList(from, to), rv, next, all.size() - to);
  }

  private static String encode(String rv, String start) {
    ObjectNode t = Json.MAPPER.createObjectNode();
    t.put("v", "meta.k8s.io/v1");
    t.put("rv", Long.parseLong(rv));
    t.put("start", start);
    return Base64.getUrlEncoder().encodeToString(Json.write(t).getBytes(StandardCharsets.UTF_8));
  }

  private static Token decode(String token) throws ApiError {
    try {
      byte[] raw;
      try {
        raw = Base64.getUrlDecoder().decode(token);
      } catch (IllegalArgumentException e) {
        raw = Base64.getDecoder().decode(token);
      }
      JsonNode t = Json.MAPPER.readTree(raw);
      if (!"meta.k8s.io/v1".equals(t.path("v").asText()) || !t.path("rv").canConvertToLong()) {
        throw new IllegalArgumentException();
      }
      return new Token(t.path("rv").asText(), t.path("start").asText());
    } catch (Exception e) {
      throw ApiError.badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
    }
  }
}
