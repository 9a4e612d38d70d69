package dev.calicoctl.model;

import static dev.calicoctl.model.FieldType.*;

/** ClusterInformation: the cluster GUID, type, version and datastoreReady flag (read-only for apply). */
public final class ClusterInformation {
    public static final FieldType SPEC = object(
            "clusterGUID", STRING, "clusterType", STRING, "calicoVersion", STRING, "datastoreReady", BOOL.pointer(), "variant", STRING);

    private ClusterInformation() {}
}
