package dev.calicoctl.model;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs one table row of a per-kind validation test: a resource built from a flow-style spec,
 * decoded as a file would be, then validated as `calicoctl validate` does. Returns "ok", the
 * decode error, or the validation message.
 */
final class KindCases {
    private KindCases() {}

    static String outcome(String kind, String name, String flowSpec) {
        String text = "apiVersion: projectcalico.org/v3\nkind: " + kind + "\nmetadata:\n  name: " + name
                + (Kinds.byName(kind).namespaced() ? "\n  namespace: ns1" : "") + "\nspec: " + flowSpec + "\n";
        List<Resource> rs;
        try {
            rs = ResourceCodec.decode(text.getBytes(StandardCharsets.UTF_8), "case.yaml");
        } catch (CalicoException e) {
            return "decode: " + e.getMessage();
        }
        List<FieldError> errors = Validator.problems(rs.get(0));
        return errors.isEmpty() ? "ok" : new ValidationException(errors).getMessage();
    }
}
