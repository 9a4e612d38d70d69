package dev.calicoctl.model;

import java.util.List;

import static dev.calicoctl.model.FieldType.*;

/** BlockAffinity: a node's claim on one block (state pending, confirmed or pendingDeletion). */
public final class BlockAffinity {
    public static final FieldType SPEC = object(
            "state", STRING.keepEmpty(), "node", STRING.keepEmpty(), "type", STRING, "cidr", STRING.keepEmpty(), "deleted", ANY);
    public static final List<String> STATES = List.of("confirmed", "pending", "pendingDeletion");

    private BlockAffinity() {}

    public static final Kind.Rules RULES = new Kind.Rules() {
        @Override public void validate(Resource r, List<FieldError> errors) {
            String state = Json.str(r.spec().get("state"));
            if (state != null && !state.isEmpty() && !STATES.contains(state)) {
                errors.add(new FieldError("BlockAffinity.Spec.State", state, "must be one of confirmed, pending, pendingDeletion"));
            }
            String cidr = Json.str(r.spec().get("cidr"));
            if (cidr == null || Cidr.tryParse(cidr) == null) {
                errors.add(new FieldError("BlockAffinity.Spec.CIDR", cidr, "invalid CIDR"));
            }
            String node = Json.str(r.spec().get("node"));
            if (node == null || node.isEmpty()) errors.add(new FieldError("BlockAffinity.Spec.Node", null, "node must be specified"));
        }
    };
}
