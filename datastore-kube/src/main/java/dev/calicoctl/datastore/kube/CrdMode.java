package dev.calicoctl.datastore.kube;

/**
 * Which API group holds Calico's objects (datastore.md §3.1, §3.10): crd.projectcalico.org/v1
 * (most clusters; v3 objects wrapped with a metadata annotation and transformed UIDs) or
 * projectcalico.org/v3 served directly by CRDs (objects stored as they are).
 */
enum CrdMode {
    V1("crd.projectcalico.org", "v1"),
    V3("projectcalico.org", "v3");

    final String group;
    final String version;

    CrdMode(String group, String version) {
        this.group = group;
        this.version = version;
    }

    String apiVersion() { return group + "/" + version; }

    /** The IPAM configuration's kind and plural differ between the groups. */
    String ipamConfigKind() { return this == V1 ? "IPAMConfig" : "IPAMConfiguration"; }

    String ipamConfigPlural() { return this == V1 ? "ipamconfigs" : "ipamconfigurations"; }

    /** REST path of a collection in this group (namespace null: cluster-scoped or all namespaces). */
    String path(String plural, String namespace) {
        return "/apis/" + apiVersion() + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
    }

    /**
     * Upstream's rule: an explicit calicoAPIGroup wins (projectcalico.org/v3 means v3, anything else
     * v1); else v3 only when the server serves projectcalico.org and not crd.projectcalico.org.
     */
    static CrdMode choose(String configured, boolean servesV1Group, boolean servesV3Group) {
        if (configured != null && !configured.isEmpty()) return configured.equalsIgnoreCase("projectcalico.org/v3") ? V3 : V1;
        return servesV3Group && !servesV1Group ? V3 : V1;
    }
}
