package dev.calicoctl.model;

import java.util.List;

/** A resource failed validation; the message is libcalico-go's ErrorValidation text. */
public final class ValidationException extends CalicoException {
    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(format(errors), true);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() { return errors; }

    private static String format(List<FieldError> errors) {
        if (errors.isEmpty()) return "unknown validation error";
        if (errors.size() == 1) return "error with field " + errors.get(0);
        StringBuilder sb = new StringBuilder("error with the following fields:\n");
        for (FieldError e : errors) sb.append("-  ").append(e).append('\n'); // each line ends with a newline, the last too
        return sb.toString();
    }
}
