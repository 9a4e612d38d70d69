package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validates a custom resource against its CRD's OpenAPI v3 schema as kube-apiserver does after
 * defaulting and pruning: {@code required}, {@code type}, {@code nullable}, {@code enum},
 * {@code minimum}/{@code maximum}, {@code minLength}/{@code maxLength}, {@code pattern},
 * {@code minItems}/{@code maxItems}. Field errors are worded as kube-apiserver words them.
 * CEL rules ({@code x-kubernetes-validations}) are not evaluated.
 */
final class CrdValidator {
  /** One field error: reason as in a Status cause, the field path, the message after "path: ". */
  record FieldError(String reason, String field, String detail) {
    String message() {
      return field + ": " + detail;
    }
  }

  private CrdValidator() {}

  static List<FieldError> validate(JsonNode schema, JsonNode obj) {
    List<FieldError> errors = new ArrayList<>();
    if (schema == null || !schema.isObject()) {
      return errors;
    }
    JsonNode props = schema.path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String f = e.getKey();
      if (!f.equals("metadata") && props.has(f)) {
        check(props.get(f), e.getValue(), f, errors);
      }
    }
    for (JsonNode req : schema.path("required")) {
      if (!req.asText().equals("metadata") && !obj.has(req.asText())) {
        errors.add(new FieldError("FieldValueRequired", req.asText(), "Required value"));
      }
    }
    return errors;
  }

  /**
   * The one CEL form evaluated here: the transition rule {@code self == oldSelf} (an immutable
   * field, e.g. an IPPool's cidr and blockSize), on updates, where both old and new have the field.
   */
  static List<FieldError> validateTransition(JsonNode schema, JsonNode next, JsonNode old) {
    List<FieldError> errors = new ArrayList<>();
    if (schema != null && schema.isObject()) {
      transition(schema, next, old, "", errors);
    }
    return errors;
  }

  private static void transition(JsonNode schema, JsonNode next, JsonNode old, String path, List<FieldError> errors) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      if (rule.path("rule").asText().replace(" ", "").equals("self==oldSelf") && !next.equals(old)) {
        String message = rule.path("message").asText("Invalid value: must be immutable");
        errors.add(new FieldError(rule.path("reason").asText("FieldValueInvalid"), path,
            "Invalid value: \"" + goType(next) + "\": " + message));
      }
    }
    JsonNode props = schema.get("properties");
    if (props != null && next.isObject() && old.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> p = it.next();
        if (next.has(p.getKey()) && old.has(p.getKey()) && !(path.isEmpty() && p.getKey().equals("metadata"))) {
          transition(p.getValue(), next.get(p.getKey()), old.get(p.getKey()),
              path.isEmpty() ? p.getKey() : path + "." + p.getKey(), errors);
        }
      }
    }
  }

  private static void check(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        errors.add(typeError(schema, value, path));
      }
      return;
    }
    if (!typeMatches(schema, value)) {
      errors.add(typeError(schema, value, path));
      return;
    }
    JsonNode enums = schema.get("enum");
    if (enums != null && enums.isArray()) {
      boolean found = false;
      for (JsonNode e : enums) {
        found |= e.equals(value) || (e.isNumber() && value.isNumber() && e.decimalValue().compareTo(value.decimalValue()) == 0);
      }
      if (!found) {
        List<String> supported = new ArrayList<>();
        enums.forEach(e -> supported.add(Json.write(e)));
        errors.add(new FieldError("FieldValueNotSupported", path, "Unsupported value: " + Json.write(value)
            + ": supported values: " + String.join(", ", supported)));
      }
    }
    if (value.isNumber()) {
      if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
        errors.add(new FieldError("FieldValueInvalid", path, "Invalid value: " + value.asText() + ": " + path
            + " in body should be less than or equal to " + schema.get("maximum").asText()));
      }
      if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
        errors.add(new FieldError("FieldValueInvalid", path, "Invalid value: " + value.asText() + ": " + path
            + " in body should be greater than or equal to " + schema.get("minimum").asText()));
      }
    }
    if (value.isTextual()) {
      int len = value.asText().codePointCount(0, value.asText().length());
      if (schema.has("maxLength") && len > schema.get("maxLength").asInt()) {
        errors.add(new FieldError("FieldValueTooLong", path, "Too long: may not be more than "
            + schema.get("maxLength").asInt() + " bytes"));
      }
      if (schema.has("minLength") && len < schema.get("minLength").asInt()) {
        errors.add(new FieldError("FieldValueInvalid", path, "Invalid value: " + Json.write(value) + ": " + path
            + " in body should be at least " + schema.get("minLength").asInt() + " chars long"));
      }
      if (schema.has("pattern")) {
        try {
          if (!Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
            errors.add(new FieldError("FieldValueInvalid", path, "Invalid value: " + Json.write(value) + ": " + path
                + " in body should match '" + schema.get("pattern").asText() + "'"));
          }
        } catch (PatternSyntaxException e) {
          // a Go (RE2) pattern Java cannot read: not checked
        }
      }
    }
    if (value.isArray()) {
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
        errors.add(new FieldError("FieldValueTooMany", path, "Too many: " + value.size() + ": must have at most "
            + schema.get("maxItems").asInt() + " items"));
      }
      if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
        errors.add(new FieldError("FieldValueInvalid", path, "Invalid value: " + value.size() + ": " + path
            + " in body should have at least " + schema.get("minItems").asInt() + " items"));
      }
      JsonNode items = schema.get("items");
      if (items != null && items.isObject()) {
        for (int i = 0; i < value.size(); i++) {
          check(items, value.get(i), path + "[" + i + "]", errors);
        }
      }
    }
    if (value.isObject()) {
      JsonNode props = schema.get("properties");
      JsonNode additional = schema.get("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        String child = path + "." + e.getKey();
        if (props != null && props.has(e.getKey())) {
          check(props.get(e.getKey()), e.getValue(), child, errors);
        } else if (additional != null && additional.isObject()) {
          check(additional, e.getValue(), child, errors);
        }
      }
      for (JsonNode req : schema.path("required")) {
        if (!value.has(req.asText())) {
          errors.add(new FieldError("FieldValueRequired", path + "." + req.asText(), "Required value"));
        }
      }
    }
  }

  private static boolean typeMatches(JsonNode schema, JsonNode value) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return value.isTextual() || value.isIntegralNumber() || (value.isNumber() && isWhole(value));
    }
    String type = schema.path("type").asText("");
    return switch (type) {
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber() || (value.isNumber() && isWhole(value));
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      default -> true;
    };
  }

  private static boolean isWhole(JsonNode n) {
    return n.decimalValue().stripTrailingZeros().scale() <= 0;
  }

  private static String goType(JsonNode value) {
    if (value.isNull()) {
      return "null";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    return value.isArray() ? "array" : "object";
  }

  private static FieldError typeError(JsonNode schema, JsonNode value, String path) {
    String expected = schema.path("type").asText("");
    String actual = goType(value);
    return new FieldError("FieldValueTypeInvalid", path, "Invalid value: \"" + actual + "\": " + path
        + " in body must be of type " + expected + ": \"" + actual + "\"");
  }
}
