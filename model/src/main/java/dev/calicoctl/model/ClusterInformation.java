package dev.calicoctl.model;

import static dev.calicoctl.model.FieldType.*;

/**
 * ClusterInformation: the cluster GUID, type, version and datastoreReady flag. Users may only
 * read it (calicoctl's resourcemgr refuses every write); the tool itself maintains it.
 */
public final class ClusterInformation {
    public static final FieldType SPEC = object(
            "clusterGUID", STRING.go("ClusterGUID"), "clusterType", STRING, "calicoVersion", STRING,
            "datastoreReady", BOOL.pointer(), "variant", STRING);

    private ClusterInformation() {}

    public static final Kind.Rules RULES = new Kind.Rules() {
        @Override public String[] refuse(Kind.Operation op, Resource r) {
            return switch (op) {
                case CREATE -> new String[] {"create or apply", "ClusterInformation"};
                case APPLY -> new String[] {"apply", "ClusterInformation", "resource is readonly"};
                case UPDATE -> new String[] {"apply or replace", "ClusterInformation"};
                case DELETE -> new String[] {"delete", "ClusterInformation"};
            };
        }
    };
}
