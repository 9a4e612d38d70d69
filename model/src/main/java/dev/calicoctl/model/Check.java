package dev.calicoctl.model;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One validation rule attached to a field or object of a schema, as data. Upstream has two
 * sources, checked in two passes: Go validator tags and struct-level rules (libcalico-go's
 * validator.go; field named by its Go name, "Reason: failed to validate Field: X because of Tag: t "),
 * then the CRD's OpenAPI constraints, then its CEL rules (field named by its JSON path, no value).
 */
public interface Check {
    enum Phase { GO, OPENAPI, CEL }

    /** Where a value sits: its JSON path ({@code spec.ingress[0].action}) and its Go field name. */
    record At(String path, String goName, Map<String, Object> parent) {}

    Phase phase();

    /** True for rules that also apply when the field is absent (Go's "required"). */
    default boolean onAbsent() { return false; }

    void check(Object value, At at, List<FieldError> errors);

    static String tagReason(String goName, String tag) {
        return "Reason: failed to validate Field: " + goName + " because of Tag: " + tag + " ";
    }

    /** A Go validator tag: a present, non-empty value failing {@code ok} is reported by Go name. */
    static Check tag(String tag, Predicate<Object> ok) {
        return new Check() {
            public Phase phase() { return Phase.GO; }
            public void check(Object v, At at, List<FieldError> errors) {
                if (FieldType.isEmpty(v) || ok.test(v)) return;
                errors.add(new FieldError(at.goName(), Values.goString(v), tagReason(at.goName(), tag)));
            }
        };
    }

    /** A Go tag on a pointer field: checked whenever set, even to zero. */
    static Check tagIfSet(String tag, Predicate<Object> ok) {
        return new Check() {
            public Phase phase() { return Phase.GO; }
            public void check(Object v, At at, List<FieldError> errors) {
                if (v == null || ok.test(v)) return;
                errors.add(new FieldError(at.goName(), Values.goString(v), tagReason(at.goName(), tag)));
            }
        };
    }

    /** Go's gte/lte bounds on a number (checked whenever set). */
    static Check gte(long min) { return tagIfSet("gte", v -> v instanceof Number n && n.doubleValue() >= min); }
    static Check lte(long max) { return tagIfSet("lte", v -> v instanceof Number n && n.doubleValue() <= max); }

    /** Go's "required": absent or empty is reported as {@code X = '' (… Tag: required )}. */
    static Check required() { return requiredTag("required", v -> !FieldType.isEmpty(v)); }

    /** A Go tag checked even on an empty value (no omitempty), e.g. a required interface name. */
    static Check requiredTag(String tag, Predicate<Object> ok) {
        return new Check() {
            public boolean onAbsent() { return true; }
            public Phase phase() { return Phase.GO; }
            public void check(Object v, At at, List<FieldError> errors) {
                if (v != null && !"".equals(v) && ok.test(v)) return;
                errors.add(new FieldError(at.goName(), v == null ? "" : Values.goString(v), tagReason(at.goName(), tag)));
            }
        };
    }

    /** OpenAPI enum: {@code supported values: "A", "B"}. */
    static Check oneOf(String... values) {
        List<String> allowed = List.of(values);
        StringBuilder sb = new StringBuilder("supported values: ");
        for (int i = 0; i < values.length; i++) sb.append(i > 0 ? ", " : "").append('"').append(values[i]).append('"');
        String detail = sb.toString();
        return crd((v, at, errors) -> {
            if (v == null) return;
            if (!allowed.contains(Values.goString(v))) errors.add(new FieldError(at.path(), null, detail));
        });
    }

    /** OpenAPI enum of integers: {@code supported values: 4, 6}. */
    static Check oneOfInts(long... values) {
        StringBuilder sb = new StringBuilder("supported values: ");
        for (int i = 0; i < values.length; i++) sb.append(i > 0 ? ", " : "").append(values[i]);
        String detail = sb.toString();
        return crd((v, at, errors) -> {
            if (v == null) return;
            boolean ok = false;
            for (long x : values) ok |= v instanceof Number n && n.doubleValue() == x;
            if (!ok) errors.add(new FieldError(at.path(), null, detail));
        });
    }

    /** OpenAPI minimum/maximum on a number. */
    static Check range(long min, long max) {
        return crd((v, at, errors) -> {
            if (!(v instanceof Number n)) return;
            double d = n.doubleValue();
            if (d < min) errors.add(new FieldError(at.path(), null, "should be greater than or equal to " + min));
            else if (d > max) errors.add(new FieldError(at.path(), null, "should be less than or equal to " + max));
        });
    }

    /** OpenAPI maxLength on a string. */
    static Check maxLength(int max) {
        return crd((v, at, errors) -> {
            if (v instanceof String s && s.length() > max) errors.add(new FieldError(at.path(), null, "may not be more than " + max + " bytes"));
        });
    }

    /** OpenAPI minItems on a list. */
    static Check minItems(int min) {
        return crd((v, at, errors) -> {
            if (v instanceof List<?> l && l.size() < min) errors.add(new FieldError(at.path(), null, "should have at least " + min + " items"));
        });
    }

    /** OpenAPI maxProperties/minProperties on an object. */
    static Check properties(int min, int max) {
        return crd((v, at, errors) -> {
            if (!(v instanceof Map<?, ?> m)) return;
            if (m.size() < min) errors.add(new FieldError(at.path(), null, "should have at least " + min + " properties"));
            if (m.size() > max) errors.add(new FieldError(at.path(), null, "should have at most " + max + " properties"));
        });
    }

    /** OpenAPI maxItems on a list. */
    static Check maxItems(int max) {
        return crd((v, at, errors) -> {
            if (v instanceof List<?> l && l.size() > max) errors.add(new FieldError(at.path(), null, "must have at most " + max + " items"));
        });
    }

    /** OpenAPI pattern on a string. */
    static Check pattern(String regex) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        return crd((v, at, errors) -> {
            if (v instanceof String s && !p.matcher(s).find()) errors.add(new FieldError(at.path(), null, "should match '" + regex + "'"));
        });
    }

    /** A CEL rule on an object: when {@code ok} fails, the message is reported at the object's path. */
    static Check cel(Predicate<Map<String, Object>> ok, String message) {
        return new Check() {
            public Phase phase() { return Phase.CEL; }
            public void check(Object v, At at, List<FieldError> errors) {
                if (v instanceof Map<?, ?> m && !ok.test(Values.map(m))) errors.add(new FieldError(at.path(), null, message));
            }
        };
    }

    /** A Go struct-level rule on an object (it names its own fields). */
    static Check struct(StructRule rule) {
        return new Check() {
            public Phase phase() { return Phase.GO; }
            public void check(Object v, At at, List<FieldError> errors) {
                if (v instanceof Map<?, ?> m) rule.check(Values.map(m), errors);
            }
        };
    }

    /** A Go struct-level rule on a non-object value (a port, a protocol). */
    static Check goValue(Body body) {
        return new Check() {
            public Phase phase() { return Phase.GO; }
            public void check(Object v, At at, List<FieldError> errors) { if (v != null) body.check(v, at, errors); }
        };
    }

    static Check crd(Body body) {
        return new Check() {
            public Phase phase() { return Phase.OPENAPI; }
            public void check(Object v, At at, List<FieldError> errors) { body.check(v, at, errors); }
        };
    }

    interface Body { void check(Object value, At at, List<FieldError> errors); }

    interface StructRule { void check(Map<String, Object> obj, List<FieldError> errors); }
}
