package dev.calicoctl.model;

import java.util.ArrayList;
import java.util.List;

/** Validates one resource on its own (cross-resource rules live in the store that sees them all). */
public final class Validator {
    private Validator() {}

    public static List<FieldError> problems(Resource r) {
        List<FieldError> errors = new ArrayList<>();
        // libcalico-go's order: Go field and struct rules (metadata, spec fields, the resource's
        // own struct rule), then the CRD's schema defaults, OpenAPI constraints and CEL rules.
        Metadata.validate(r, errors);
        FieldType spec = r.kind().specType();
        Check.At at = new Check.At("spec", "Spec", r.tree());
        spec.validate(r.spec(), at, Check.Phase.GO, errors);
        r.kind().rules().validate(r, errors);
        r.kind().rules().crdDefaults(r);
        spec.validate(r.spec(), at, Check.Phase.OPENAPI, errors);
        spec.validate(r.spec(), at, Check.Phase.CEL, errors);
        r.kind().rules().validateCrd(r, errors);
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
