package dev.calicoctl.model;

/** One invalid field, printed as libcalico-go's ErroredField: {@code Name = 'value' (reason)}. */
public record FieldError(String name, Object value, String reason) {
    @Override public String toString() {
        String s = name;
        if (value != null) s += " = '" + value + "'";
        if (reason != null && !reason.isEmpty()) s += " (" + reason + ")";
        return s;
    }
}
