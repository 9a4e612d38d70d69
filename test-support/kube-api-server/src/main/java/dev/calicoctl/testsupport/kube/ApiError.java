package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the server refuses, answered as kube-apiserver answers: a {@code Status} object with
 * the HTTP code, a reason and a message worded as the real server words it.
 */
final class ApiError extends Exception {
  final int code;
  final String reason;
  final ObjectNode details;

  ApiError(int code, String reason, String message, ObjectNode details) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  ObjectNode toStatus() {
    ObjectNode status = Json.MAPPER.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", getMessage());
    status.put("reason", reason);
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
    return status;
  }

  private static ObjectNode details(ResourceType type, String name) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    if (name != null) {
      d.put("name", name);
    }
    if (!type.group().isEmpty()) {
      d.put("group", type.group());
    }
    d.put("kind", type.plural());
    return d;
  }

  static ApiError notFound(ResourceType type, String name) {
    return new ApiError(404, "NotFound", type.qualifiedPlural() + " \"" + name + "\" not found", details(type, name));
  }

  static ApiError notFoundPath() {
    return new ApiError(404, "NotFound", "the server could not find the requested resource", Json.MAPPER.createObjectNode());
  }

  static ApiError alreadyExists(ResourceType type, String name) {
    return new ApiError(409, "AlreadyExists", type.qualifiedPlural() + " \"" + name + "\" already exists", details(type, name));
  }

  static ApiError conflict(ResourceType type, String name, String why) {
    return new ApiError(409, "Conflict",
        "Operation cannot be fulfilled on " + type.qualifiedPlural() + " \"" + name + "\": " + why, details(type, name));
  }

  static ApiError staleResourceVersion(ResourceType type, String name) {
    return conflict(type, name,
        "the object has been modified; please apply your changes to the latest version and try again");
  }

  /** 422 with one field cause, e.g. {@code metadata.resourceVersion: Invalid value: 0x0: must be specified for an update}. */
  static ApiError invalid(ResourceType type, String name, String field, String causeReason, String causeMessage) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("name", name);
    if (!type.group().isEmpty()) {
      d.put("group", type.group());
    }
    d.put("kind", type.kind());
    ArrayNode causes = d.putArray("causes");
    ObjectNode cause = causes.addObject();
    cause.put("reason", causeReason);
    cause.put("message", causeMessage);
    cause.put("field", field);
    String what = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
    return new ApiError(422, "Invalid",
        what + " \"" + name + "\" is invalid: " + field + ": " + causeMessage, d);
  }

  /** 422 listing every field error, as kube-apiserver reports a schema validation failure. */
  static ApiError invalid(ResourceType type, String name, java.util.List<CrdValidator.FieldError> errors) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("name", name);
    if (!type.group().isEmpty()) {
      d.put("group", type.group());
    }
    d.put("kind", type.kind());
    ArrayNode causes = d.putArray("causes");
    java.util.List<String> messages = new java.util.ArrayList<>();
    for (CrdValidator.FieldError e : errors) {
      ObjectNode cause = causes.addObject();
      cause.put("reason", e.reason());
      cause.put("message", e.detail());
      cause.put("field", e.field());
      messages.add(e.message());
    }
    String what = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
    String list = messages.size() == 1 ? messages.get(0) : "[" + String.join(", ", messages) + "]";
    return new ApiError(422, "Invalid", what + " \"" + name + "\" is invalid: " + list, d);
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "BadRequest", message, null);
  }

  static ApiError unsupportedMediaType(String message) {
    return new ApiError(415, "UnsupportedMediaType", message, null);
  }

  static ApiError methodNotAllowed(String method) {
    return new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
        Json.MAPPER.createObjectNode());
  }

  static ApiError gone(String message) {
    return new ApiError(410, "Expired", message, null);
  }
}
