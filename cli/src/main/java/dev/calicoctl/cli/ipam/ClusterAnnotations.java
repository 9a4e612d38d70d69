package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.CliException;
import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.Orchestrator;
import dev.calicoctl.ipam.PodAddressing;

import java.util.Map;

/**
 * Reads from the cluster what Calico's CNI plugin reads before it asks IPAM for addresses: the
 * pod's annotations and its namespace's annotations and labels. Which of them wins is
 * {@link PodAddressing}'s decision; this class only fetches (nothing off Kubernetes).
 */
public final class ClusterAnnotations {
    private ClusterAnnotations() {}

    /** The cluster's view of a pod (pod may be null: the namespace only); empty when the datastore has no orchestrator. */
    public static PodAddressing.Cluster read(Datastore ds, String namespace, String pod) {
        if (namespace == null) return PodAddressing.Cluster.NONE;
        return ds.orchestrator().map(o -> read(o, namespace, pod)).orElse(PodAddressing.Cluster.NONE);
    }

    static PodAddressing.Cluster read(Orchestrator cluster, String namespace, String pod) {
        Orchestrator.Meta ns = cluster.namespace(namespace)
                .orElseThrow(() -> new CliException("namespaces \"" + namespace + "\" not found"));
        Map<String, String> podAnn = Map.of();
        if (pod != null) {
            podAnn = cluster.pod(namespace, pod).orElseThrow(() -> new CliException("pods \"" + pod + "\" not found in namespace " + namespace))
                    .meta().annotations();
        }
        return new PodAddressing.Cluster(podAnn, ns.annotations(), ns.labels());
    }
}
