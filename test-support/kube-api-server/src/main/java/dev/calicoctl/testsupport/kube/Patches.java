package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The patch formats kube-apiserver accepts, applied to a copy of the stored object. */
final class Patches {
  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  static final String APPLY_PATCH = "application/apply-patch+yaml";

  private Patches() {}

  static ObjectNode apply(ResourceType type, ObjectNode current, String mediaType, String body) throws ApiError {
    switch (mediaType) {
      case JSON_PATCH -> {
        return jsonPatch(current, body);
      }
      case MERGE_PATCH -> {
        return mergePatch(current, parse(body), false);
      }
      case STRATEGIC_MERGE_PATCH -> {
        if (!type.custom()) {
          return mergePatch(current, parse(body), true);
        }
      }
      case APPLY_PATCH -> throw ApiError.unsupportedMediaType(
          "server-side apply (application/apply-patch+yaml) is not supported by this test server");
      default -> { }
    }
    String accepted = type.custom() ? JSON_PATCH + ", " + MERGE_PATCH + ", " + APPLY_PATCH
        : JSON_PATCH + ", " + MERGE_PATCH + ", " + APPLY_PATCH + ", " + STRATEGIC_MERGE_PATCH;
    throw ApiError.unsupportedMediaType(
        "the body of the request was in an unknown format - accepted media types include: " + accepted);
  }

  private static JsonNode parse(String body) throws ApiError {
    try {
      return Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("error decoding patch: " + e.getOriginalMessage());
    }
  }

  /** RFC 6902. Any failing operation, a failing {@code test} included, is 422 (kube-apiserver's answer). */
  private static ObjectNode jsonPatch(ObjectNode current, String body) throws ApiError {
    JsonNode patch = parse(body);
    if (!patch.isArray()) {
      throw ApiError.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    }
    JsonNode out;
    try {
      out = JsonPatch.apply(patch, current.deepCopy());
    } catch (RuntimeException e) {
      throw new ApiError(422, "Invalid", "the server rejected our request due to an error in our request: "
          + e.getMessage(), null);
    }
    if (!(out instanceof ObjectNode o)) {
      throw new ApiError(422, "Invalid", "the patch did not produce an object", null);
    }
    return o;
  }

  /**
   * RFC 7386: objects merge key by key, {@code null} removes a key, anything else replaces. With
   * {@code strategic}, keys of strategic merge patch directives ({@code $patch}, {@code $retainKeys},
   * {@code $setElementOrder/...}, {@code $deleteFromPrimitiveList/...}) are dropped and lists are
   * replaced whole (kube-apiserver merges some lists by key; our types' tests do not patch lists).
   */
  static ObjectNode mergePatch(ObjectNode target, JsonNode patch, boolean strategic) throws ApiError {
    if (!patch.isObject()) {
      throw ApiError.badRequest("the patch must be a JSON object");
    }
    JsonNode merged = merge(target.deepCopy(), patch, strategic);
    return (ObjectNode) merged;
  }

  private static JsonNode merge(JsonNode target, JsonNode patch, boolean strategic) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = target != null && target.isObject() ? (ObjectNode) target : Json.MAPPER.createObjectNode();
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
      fields.add(it.next());
    }
    for (Map.Entry<String, JsonNode> f : fields) {
      String key = f.getKey();
      if (strategic && key.startsWith("$")) {
        continue;
      }
      if (f.getValue().isNull()) {
        out.remove(key);
      } else {
        out.set(key, merge(out.get(key), f.getValue(), strategic));
      }
    }
    return out;
  }
}
