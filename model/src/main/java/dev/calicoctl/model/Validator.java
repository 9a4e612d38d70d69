package dev.calicoctl.model;

import java.util.ArrayList;
import java.util.List;

/** Validates one resource on its own (cross-resource rules live in the store that sees them all). */
public final class Validator {
    private Validator() {}

    public static List<FieldError> problems(Resource r) {
        List<FieldError> errors = new ArrayList<>();
        Metadata.validate(r, errors);
        r.kind().rules().validate(r, errors);
        return errors;
    }

    /** Throws ValidationException when the resource is invalid. */
    public static void validate(Resource r) {
        List<FieldError> errors = problems(r);
        if (!errors.isEmpty()) throw new ValidationException(errors);
    }

    /** Validates, then fills in the defaults calicoctl would (blockSize, nodeSelector, …). */
    public static void validateAndDefault(Resource r) {
        validate(r);
        r.kind().rules().applyDefaults(r);
    }
}
