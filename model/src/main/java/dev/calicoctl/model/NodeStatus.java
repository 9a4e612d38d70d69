package dev.calicoctl.model;

import static dev.calicoctl.model.FieldType.*;

/** CalicoNodeStatus (nodestatus.go): which node, which classes of status, how often; status written by calico/node. */
public final class NodeStatus {
    private NodeStatus() {}

    public static final FieldType SPEC = object(
            "node", STRING.with(Check.required()),
            "classes", listOf(STRING.with(Check.oneOf("Agent", "BGP", "Routes"))).with(Check.required(),
                    Check.tag("unique", v -> v instanceof java.util.List<?> l && new java.util.HashSet<>(l).size() == l.size())),
            "updatePeriodSeconds", INT.pointer().with(Check.required(), Check.range(0, 86400)));

    public static final FieldType STATUS = object("lastUpdated", ANY, "agent", ANY, "bgp", ANY, "routes", ANY);
}
