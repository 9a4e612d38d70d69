package dev.calicoctl.cli;

import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;

import java.util.Optional;

/**
 * calicoctl's client/cluster version check (commands/common/version_mismatch.go): the cluster's
 * ClusterInformation calicoVersion must match this client's version (leading "v" and any "-suffix"
 * ignored), unless --allow-version-mismatch. No datastore, no ClusterInformation or no version: no check.
 */
final class VersionCheck {
    private VersionCheck() {}

    static void verify(Session s, String prefix) {
        try {
            s.datastore();
        } catch (CalicoException e) {
            return; // no client (bad config, unusable store): the command fails later with its own error
        }
        Optional<Resource> ci;
        try {
            ci = s.resources().find(Kinds.CLUSTER_INFORMATION, null, "default");
        } catch (DatastoreException.Unavailable e) {
            throw new CliException(prefix + "unable to get Cluster Information to verify version mismatch: " + e.getMessage()
                    + "\nUse --allow-version-mismatch to override", e);
        }
        if (ci.isEmpty()) return;
        Object v = ci.get().spec().get("calicoVersion");
        String cluster = v == null ? "" : v.toString();
        if (cluster.isEmpty()) return;
        if (!normalise(cluster).equals(normalise(VersionCommand.VERSION))) {
            throw new CliException(prefix + "version mismatch.\nClient Version:   " + VersionCommand.VERSION
                    + "\nCluster Version:  " + normalise(cluster) + "\nUse --allow-version-mismatch to override");
        }
    }

    static String normalise(String version) {
        String v = version.startsWith("v") ? version.substring(1) : version;
        int dash = v.indexOf('-');
        return dash < 0 ? v : v.substring(0, dash);
    }
}
