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
            // Deliberately not upstream's "unable to get Cluster Information … Use --allow-version-mismatch":
            // that flag cannot help when the datastore is down; the command reports it in one line.
            return;
        }
        if (ci.isEmpty()) return;
        Object v = ci.get().spec().get("calicoVersion");
        String cluster = v == null ? "" : v.toString();
        if (cluster.isEmpty()) return;
        if (!normalise(cluster).equals(normalise(VersionCommand.VERSION))) {
            // the cluster's version is data: keep it on its line
            String shown = normalise(cluster).replaceAll("\\p{Cntrl}", "?");
            throw CliException.formatted(prefix + "version mismatch.\nClient Version:   " + VersionCommand.VERSION
                    + "\nCluster Version:  " + shown + "\nUse --allow-version-mismatch to override");
        }
    }

    static String normalise(String version) {
        String v = version.startsWith("v") ? version.substring(1) : version;
        int dash = v.indexOf('-');
        return dash < 0 ? v : v.substring(0, dash);
    }
}
